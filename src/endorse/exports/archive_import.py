"""Importing an association's archive (`endorse import archive FILE --association SLUG`): its four
template CSVs, in the import's order (people, endorsements, members, applications), each through
the per-kind import (`imports.domain`), the portfolio files read from the archive.

All or nothing: the kinds are applied in one transaction, rolled back when any has a problem or
when it is a dry run (a dry run applies each kind so that the next is checked against it: the
members against the people's accounts). Ratings, documents and renewals have no import template
and are not imported.
"""

from __future__ import annotations

import json
import zipfile
from io import BytesIO

from django.db import transaction

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.imports.columns import Kind
from endorse.imports.domain import Report, import_apply
from endorse.imports.reader import ImportFileError, read_table

from .archive import FORMAT

ORDER = (Kind.PEOPLE, Kind.ENDORSEMENTS, Kind.MEMBERS, Kind.APPLICATIONS)


class _DryRun(Exception):
    """Rolls the dry run's writes back."""


def archive_import(
    *, association: Association, data: bytes, apply: bool, actor: User | None
) -> list[Report]:
    """The report of each kind. Call it in `association`'s scope. Raises `ImportFileError` for a
    file that is not an archive of this product."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ImportFileError("not an export archive (a zip file with manifest.json)") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise ImportFileError(f"format {found!r}, expected {FORMAT}")
    names = set(archive.namelist())
    tables = {}
    for kind in ORDER:
        if f"{kind}.csv" not in names:
            raise ImportFileError(f"the archive has no {kind}.csv")
        tables[kind] = read_table(kind, f"{kind}.csv", archive.read(f"{kind}.csv"))

    def portfolio(name: str) -> bytes | None:
        return archive.read(name) if "/" not in name and name in names else None

    reports: list[Report] = []
    try:
        with transaction.atomic():
            for kind in ORDER:
                report = import_apply(
                    kind=kind,
                    table=tables[kind],
                    association=association,
                    actor=actor,
                    portfolios=portfolio,
                )
                reports.append(report)
                if not report.ok:
                    raise _DryRun
            if not apply:
                raise _DryRun
    except _DryRun:
        for report in reports:
            report.applied = False
    return reports
