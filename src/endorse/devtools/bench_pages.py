"""`endorse bench pages`: server time and queries of the pages people use, on the database
configured (fill it first with `endorse demo --applicants N`).

Each page is requested in-process through Django's whole stack (middleware, session, sign-in,
view, template) by a signed-in client, as its person would: the applicant their workspace (with
the checklist) and their list of applications, the coordinator the queue (first page, a deep
page, filtered, searched) and an application's file, anyone the registry and a verification
page. The same run times the Django admin's changelist of applications and a trivial view
(`/health/`), on the same data, for the ratios. Rounds interleave the pages, so a slow moment of
a shared machine hits them alike; p50 and p95 are over the rounds. The number of queries of
each page is counted once and must not depend on N.

Then every application is evaluated again (`applications_reevaluate`, as after a policy
change) and the applications per second printed. This prints figures; it asserts nothing about
speed (tests never fail because a machine is slow).
"""

from __future__ import annotations

import gc
import ipaddress
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.domain import applications_reevaluate
from endorse.applications.enums import Category, Status
from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.registry.models import Endorsement
from endorse.review.queries import PAGE_SIZE

SAMPLES = 20  # different applicants, files and numbers each page cycles through


@dataclass
class Page:
    """A page and who asks for it: request i is url i by client i (each cycling), so a page of
    one's own (the workspace) pairs each applicant's client with their own url."""

    name: str
    clients: list[Client]
    urls: list[str]
    queries: int = 0
    times: list[float] = field(default_factory=list)

    def get(self, i: int) -> float:
        url = self.urls[i % len(self.urls)]
        client = self.clients[i % len(self.clients)]
        started = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{self.name}: {url} answered {response.status_code}")
        return elapsed


def _client(person: User | None, *, second_factor: bool = False) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    if person is not None and second_factor:  # staff pages need a session that used it
        session = client.session
        request = HttpRequest()
        request.session = session
        record_authentication(request, person, "mfa", type="totp")
        session.save()
    return client


def _pages(rnd: random.Random) -> list[Page]:
    coordinator = User.objects.filter(
        is_superuser=True, pk__in=StaffRole.objects.filter(role="coordinator").values("person")
    ).first()
    if coordinator is None:
        raise RuntimeError("no coordinator: fill the database with `endorse demo` first")
    staff = [_client(coordinator, second_factor=True)]
    # The public pages are asked by many visitors, each from an address of its own (documentation
    # ranges), as in life: one address would soon meet the per-address look-up limit.
    anyone = [
        Client(REMOTE_ADDR=str(address))
        for network in ("198.51.100.0/24", "203.0.113.0/24")
        for address in ipaddress.ip_network(network).hosts()
    ]

    def sample(queryset: object, count: int = SAMPLES) -> list[int]:
        pks = list(queryset.values_list("pk", flat=True)[:2000])  # type: ignore[attr-defined]
        return rnd.sample(pks, min(count, len(pks)))

    # Applicants at work on their application: drafts and files on hold, the fullest first.
    working = (
        Application.objects.filter(status__in=(Status.DRAFT, Status.CHANGES_REQUESTED))
        .annotate(n=Count("trainings"))
        .order_by("-n")
    )
    applicants = [Application.objects.get(pk=pk) for pk in sample(working)]
    applicant_clients = [_client(a.applicant) for a in applicants]
    files = sample(Application.objects.filter(status=Status.UNDER_REVIEW).order_by("pk"))
    # An employer checks a number with the holder's surname (needed when they are not listed).
    verifications = [
        f"/verify/{number}/?{urlencode({'surname': name.split(' ')[-1]})}"
        for number, name in Endorsement.objects.filter(
            pk__in=sample(Endorsement.objects.order_by("pk"))
        ).values_list("number", "name")
    ]
    # A surname someone listed in the registry has: both searches find people.
    listed = Endorsement.objects.filter(listed=True, revoked_at__isnull=True)
    surname = rnd.choice(list(listed.values_list("name", flat=True)[:500])).split(" ")[-1]
    last_page = max(1, -(-Application.objects.count() // PAGE_SIZE))
    pages = [
        Page("trivial view (/health/)", anyone, ["/health/"]),
        Page("Django admin: applications changelist", staff, ["/admin/applications/application/"]),
    ]
    # Each applicant opens their own.
    pages += [
        Page(
            "applicant: workspace with checklist",
            applicant_clients,
            [f"/applications/{a.pk}/" for a in applicants],
        ),
        Page("applicant: my applications", applicant_clients, ["/applications/"]),
    ]
    pages += [
        Page("queue: first page", staff, ["/staff/"]),
        Page("queue: deep page", staff, [f"/staff/?page={last_page}"]),
        Page(
            "queue: filtered (under review, Infant Family Specialist)",
            staff,
            [f"/staff/?status={Status.UNDER_REVIEW}&category={Category.FAMILY_SPECIALIST}"],
        ),
        Page("queue: searched (a surname)", staff, [f"/staff/?q={surname}"]),
        Page("application file (staff)", staff, [f"/staff/applications/{pk}/" for pk in files]),
        Page("registry: search (a surname)", anyone, [f"/registry/?q={surname}"]),
        Page("registry: first page", anyone, ["/registry/"]),
        Page("verification page", anyone, verifications),
    ]
    return pages


def _quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run_page_benchmark(
    *, rounds: int = 60, seed: int = 1, out: Callable[[str], None] = print
) -> None:
    rnd = random.Random(seed)  # noqa: S311 (which records to sample, not secrets)
    applications = Application.objects.count()
    if applications == 0:
        raise RuntimeError("no applications: fill the database with `endorse demo` first")
    pages = _pages(rnd)
    for page in pages:
        page.get(0)  # warm: templates compiled, connections open
        with CaptureQueriesContext(connection) as captured:
            page.get(1)
        page.queries = len(captured.captured_queries)
    gc.collect()
    for i in range(rounds):
        for page in pages:
            page.times.append(page.get(i))
    floor = statistics.median(pages[0].times)
    out(_header(applications))
    out("| page | p50 ms | p95 ms | queries | p50 ÷ trivial |")
    out("| --- | ---: | ---: | ---: | ---: |")
    by_name = {}
    for page in pages:
        p50, p95 = statistics.median(page.times), _quantile(page.times, 95)
        by_name[page.name] = p50
        out(
            f"| {page.name} | {p50 * 1000:.1f} | {p95 * 1000:.1f} | {page.queries} | {p50 / floor:.0f} |"
        )
    admin = by_name["Django admin: applications changelist"]
    out("")
    out(f"queue first page ÷ admin changelist (p50): {by_name['queue: first page'] / admin:.2f}")
    out(f"queue deep page ÷ admin changelist (p50): {by_name['queue: deep page'] / admin:.2f}")
    report = applications_reevaluate(policy="2024")
    out(
        f"re-evaluation of every application under policy 2024: {report.applications} in "
        f"{report.seconds:.1f} s = {report.applications / report.seconds:,.0f} applications/s "
        f"(overall: {dict(report.overall)})"
    )


def _header(applications: int) -> str:
    vendor = connection.vendor
    version = ".".join(str(v) for v in connection.get_database_version())
    return "\n".join(
        [
            f"date: {timezone.localdate().isoformat()}  machine: {os.cpu_count()} cores, "
            f"{platform.machine()}, Python {platform.python_version()}",
            f"database: {vendor} {version}  applications: {applications:,}  "
            f"debug: {settings.DEBUG}  time zone: {timezone.get_current_timezone_name()}",
            "",
        ]
    )
