"""`endorse bench import [--rows N]`: an endorsements import file of N rows (generated, half of
them with a holder's email, so half make unclaimed accounts), read, checked (the dry run),
applied, and applied again (every row unchanged), on the database configured. Everything runs
in one transaction that is rolled back at the end, in an association made for the run: the
database is left as it was. Prints figures; asserts nothing about speed."""

from __future__ import annotations

import random
import secrets
import time
from datetime import date

from django.db import transaction
from django_scopes import scope

from endorse.applications.enums import CATEGORIES
from endorse.associations.models import Association
from endorse.imports.columns import Kind
from endorse.imports.domain import import_apply, import_check
from endorse.imports.reader import read_table

TODAY = date(2026, 6, 1)


def endorsement_rows(rows: int, prefix: str, seed: int = 17) -> bytes:
    """A CSV file of `rows` endorsements numbered `{prefix}{code}-NNNNN`."""
    generator = random.Random(seed)
    categories = [(facts.abbr, facts.abbr.replace("/", "")) for facts in CATEGORIES.values()]
    lines = ["holder,email,category,number,issued_on,renewed_through,revoked_on,standing,listed"]
    for n in range(1, rows + 1):
        abbr, code = generator.choice(categories)
        year = generator.randint(1995, 2024)
        issued = date(year, generator.randint(1, 12), generator.randint(1, 28))
        renewed = f"{generator.randint(year, 2026)}-12-31" if generator.random() < 0.7 else ""
        email = f"holder{n}@bench.example.org" if n % 2 else ""
        listed = "yes" if generator.random() < 0.6 else "no"
        lines.append(
            f"Holder {n},{email},{abbr},{prefix}{code}-{n:05d},{issued.isoformat()},{renewed},,,{listed}"
        )
    return ("\n".join(lines) + "\n").encode()


def run_import_benchmark(*, rows: int) -> None:
    slug = f"bench-{secrets.token_hex(3)}"
    with transaction.atomic():
        association = Association.objects.create(
            slug=slug, name="Import benchmark", short_name="BENCH", number_prefix=f"{slug}-"
        )
        data = endorsement_rows(rows, association.number_prefix)
        with scope(association=association):
            timings = []
            start = time.perf_counter()
            table = read_table(Kind.ENDORSEMENTS, "endorsements.csv", data)
            timings.append(("read", time.perf_counter() - start, ""))
            for step in ("dry run", "apply", "apply again"):
                start = time.perf_counter()
                if step == "dry run":
                    report = import_check(
                        kind=Kind.ENDORSEMENTS, table=table, association=association, today=TODAY
                    )
                else:
                    report = import_apply(
                        kind=Kind.ENDORSEMENTS,
                        table=table,
                        association=association,
                        actor=None,
                        today=TODAY,
                    )
                timings.append((step, time.perf_counter() - start, report.summary()))
                if report.problems:
                    raise RuntimeError(f"the generated file has problems: {report.problems[:3]}")
        transaction.set_rollback(True)
    print(f"Import of {rows:,} endorsement rows ({len(data) / 1e6:.1f} MB of CSV):")
    for step, seconds, summary in timings:
        print(f"  {step:12} {seconds:6.1f} s  {rows / seconds:>9,.0f} rows/s  {summary}")
