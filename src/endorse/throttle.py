"""A per-client limit on the public look-up pages (the registry search and verification).

Endorsement numbers are sequential, so without a limit anyone could walk through them all. Each
client address may make `ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE` look-ups a minute across both pages;
beyond that the answer is a 429 page with `Retry-After`. The counts live in Django's cache, so
several processes need a shared cache (as for the sign-in limits). The client address is the one
django-allauth's sign-in limits use, so both agree on who a client is behind a proxy; an IPv6
client is counted by its /64 network, which one subscriber usually holds whole.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import time
from collections.abc import Callable

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

WINDOW_SECONDS = 60

View = Callable[..., HttpResponse]


def client_key(request: HttpRequest) -> str:
    """Who is counted: the client's address, or its /64 network for IPv6."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address at all: such clients share one count
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def lookup_retry_after(request: HttpRequest, *, scope: str = "lookup") -> int | None:
    """Count this look-up; None when it is within the limit, else the seconds to wait."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"endorse:throttle:{scope}:{client_key(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between add and incr: this is the first again
        cache.set(key, 1, timeout=WINDOW_SECONDS + 1)
        count = 1
    if count <= settings.ENDORSE_PUBLIC_LOOKUPS_PER_MINUTE:
        return None
    return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


def throttled(view: View) -> View:
    """Refuse the view with a 429 once the client has used up its look-ups for the minute."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        retry_after = lookup_retry_after(request)
        if retry_after is not None:
            context = {"retry_after": retry_after}
            response = render(request, "429.html", context, status=429)
            response["Retry-After"] = str(retry_after)
            return response
        return view(request, *args, **kwargs)

    return wrapper
