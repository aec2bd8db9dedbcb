"""Which association a request is for: by its host name, else by a path prefix `/a/<slug>/`
on a host no association claims (the embedded default on localhost), else the installation's
default association (`ENDORSE_DEFAULT_ASSOCIATION`).

The associations are few and read on every request, so each process keeps them in memory,
reloaded when one is saved here and at least every ENDORSE_ASSOCIATIONS_RELOAD_SECONDS (another
process's change)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from .models import Association, current_association

PREFIX = re.compile(r"^/a/(?P<slug>[-a-zA-Z0-9_]+)(?=/)")


@dataclass
class Table:
    loaded_at: float
    by_host: dict[str, Association] = field(default_factory=dict)
    by_slug: dict[str, Association] = field(default_factory=dict)
    by_pk: dict[int, Association] = field(default_factory=dict)
    default: Association | None = None


_table: Table | None = None


def table() -> Table:
    global _table
    if (
        _table is None
        or time.monotonic() - _table.loaded_at > settings.ENDORSE_ASSOCIATIONS_RELOAD_SECONDS
    ):
        loaded = Table(loaded_at=time.monotonic())
        for association in Association.objects.order_by("pk"):
            loaded.by_slug[association.slug] = association
            loaded.by_pk[association.pk] = association
            for host in association.host_names:
                loaded.by_host.setdefault(host, association)
        loaded.default = loaded.by_slug.get(settings.ENDORSE_DEFAULT_ASSOCIATION) or next(
            iter(loaded.by_slug.values()), None
        )
        _table = loaded
    return _table


def in_memory() -> bool:
    """Whether this process holds a fresh table with a default association: `resolve` then
    reads no database."""
    return (
        _table is not None
        and _table.default is not None
        and time.monotonic() - _table.loaded_at <= settings.ENDORSE_ASSOCIATIONS_RELOAD_SECONDS
    )


def forget(**kwargs: Any) -> None:
    """Drop the table: the next request reloads it."""
    global _table
    _table = None


def reload(**kwargs: Any) -> None:
    """Load the table again now, so that the next page does not pay for it."""
    forget()
    table()


def connect_signals() -> None:
    post_save.connect(reload, sender=Association, dispatch_uid="endorse-associations-saved")
    post_delete.connect(reload, sender=Association, dispatch_uid="endorse-associations-deleted")


def association_of(pk: int | None) -> Association | None:
    """The association with key `pk`, from the table (no query once it is loaded)."""
    if pk is None:
        return None
    found = table().by_pk.get(pk)
    if found is None:
        forget()  # made since the table was loaded
        found = table().by_pk.get(pk)
    return found


def default_association() -> Association:
    """The installation's default association; created from the environment's settings when
    the database has none (a fresh or emptied database)."""
    found = table().default
    if found is None:
        found, _ = Association.objects.get_or_create(slug=settings.ENDORSE_DEFAULT_ASSOCIATION)
        forget()
    return found


def base_url(association: Association | None = None) -> str:
    """Where `association`'s site answers (the current scope's by default): its first host
    name, else the installation's ENDORSE_BASE_URL, with `/a/<slug>` for any association but
    the default one."""
    association = association or current_association()
    base = str(settings.ENDORSE_BASE_URL)
    if association is None:
        return base
    if association.host_names:
        return f"{urlsplit(base).scheme}://{association.host_names[0]}"
    if association.pk == default_association().pk:
        return base
    return f"{base}/a/{association.slug}"


def resolve(request: HttpRequest) -> tuple[Association, str]:
    """The request's association and the path prefix that chose it ("" when none did)."""
    return _resolve(request, table())


def resolve_in_memory(request: HttpRequest) -> Association | None:
    """The request's association from the table this process holds, never loading it (so never
    a query): None when no table is loaded yet. For what only shows the association (the
    header), on pages that otherwise read no stored data."""
    routes = _table
    if routes is None or routes.default is None:
        return None
    return _resolve(request, routes)[0]


def _resolve(request: HttpRequest, routes: Table) -> tuple[Association, str]:
    host = request.META.get("HTTP_HOST", "") or request.META.get("SERVER_NAME", "")
    name = host.rsplit(":", 1)[0].strip("[]").lower() if host else ""
    if name in routes.by_host:
        return routes.by_host[name], ""
    matched = PREFIX.match(request.path_info)
    if matched and matched["slug"] in routes.by_slug:
        return routes.by_slug[matched["slug"]], matched.group(0)
    return (routes.default or default_association()), ""
