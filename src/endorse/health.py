"""`/health/`: the process answers (for a load balancer's liveness check). It touches neither
the database nor the session, so it also serves as the benchmark's floor: the cost of a request
through the middleware and nothing else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")
