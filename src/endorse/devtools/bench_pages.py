"""`endorse bench pages`: server time and queries of the pages people use, on the database
configured (fill it first with `endorse demo --applicants N`).

Each page is requested in-process through Django's whole stack (middleware, session, sign-in,
view, template) by a signed-in client, as its person would: the applicant their workspace (with
the checklist: opened again, its evidence part stored, and opened first after a change, which
renders it) and their list of applications, the coordinator the queue (first page, a deep
page, filtered, searched), an application's file and the renewal queue (first page, the
submitted tab, searched), an endorsee their renewal page, anyone the registry and a verification
page. The same run times the Django admin's changelist of applications and a trivial view
(`/health/`), on the same data, for the ratios. On an installation of many associations (the
population's default is 35 of uneven sizes), two more personas ask their association's pages at
its address (`/a/<slug>/`): the coordinator of the largest association and the coordinator of a
small one (the smallest with a file under review and an applicant at work), each the queue (first
page, filtered, searched), an application's file and the registry, and an applicant of each their
workspace; their figures are printed side by side. Rounds interleave the pages, so a slow moment of
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
from datetime import date
from urllib.parse import urlencode

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from endorse.accounts.models import User
from endorse.applications.domain import applications_reevaluate
from endorse.applications.enums import Category, Status
from endorse.applications.models import Application
from endorse.associations.models import Association, StaffRole
from endorse.associations.routing import default_association
from endorse.registry.models import Endorsement
from endorse.registry.queries import registry_listed_ids
from endorse.renewals.enums import RenewalState
from endorse.renewals.models import Renewal

SAMPLES = 20  # different applicants, files and numbers each page cycles through
# The personas of one association each, and their pages, printed side by side.
LARGE, SMALL = "largest association", "small association"
PERSONA_PAGES = (
    "coordinator: queue first page",
    "coordinator: queue filtered (under review)",
    "coordinator: queue searched (a surname)",
    "coordinator: application file",
    "registry: search (a surname)",
    "applicant: workspace with checklist",
)


@dataclass
class Page:
    """A page and who asks for it: request i is url i by client i (each cycling), so a page of
    one's own (the workspace) pairs each applicant's client with their own url."""

    name: str
    clients: list[Client]
    urls: list[str]
    queries: int = 0
    times: list[float] = field(default_factory=list)
    association: Association | None = None  # a persona's association
    # Run before request i, untimed (the workspace's first open after a change: a new version).
    before: Callable[[int], None] | None = None
    # Every url opened once before timing, not only the first (the workspace as reopened).
    warm_all: bool = False
    cpu: list[float] = field(default_factory=list)  # this process's CPU seconds per request

    def get(self, i: int) -> float:
        if self.before is not None:
            self.before(i)
        return self.request(i)

    def request(self, i: int) -> float:
        """Request i alone (what `before` prepares left out)."""
        url = self.urls[i % len(self.urls)]
        client = self.clients[i % len(self.clients)]
        cpu, started = time.process_time(), time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = time.perf_counter() - started
        self.cpu.append(time.process_time() - cpu)
        if response.status_code != 200:
            raise RuntimeError(f"{self.name}: {url} answered {response.status_code}")
        return elapsed


# One request handler for every client, as one server process has one: a test client builds
# its handler's middleware on its first request (some 40 ms here: the static files are listed),
# which each fresh visitor or applicant would otherwise pay inside a timed request.
_HANDLER = Client().handler


def _share_handler(client: Client) -> Client:
    client.handler = _HANDLER
    return client


def _client(person: User | None, *, second_factor: bool = False) -> Client:
    client = _share_handler(Client())
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
    for visitor in anyone:
        _share_handler(visitor)

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
    # A surname the registry lists today (lapsed holders are off it), of an applicant of this
    # association (not a record carried over): both searches find people.
    shown = registry_listed_ids(
        q="", category_label="", today=timezone.localdate(), association_id=default_association().pk
    )
    listed = Endorsement.objects.filter(pk__in=shown[:2000], application__isnull=False)
    surname = rnd.choice(list(listed.values_list("name", flat=True)[:500])).split(" ")[-1]
    pages = [
        Page("trivial view (/health/)", anyone, ["/health/"]),
        Page("Django admin: applications changelist", staff, ["/admin/applications/application/"]),
    ]
    # Each applicant opens their own: again (its evidence part stored, `workspace.cache`), and
    # first after a change (the application's version raised before each request, as every
    # write to a row the page shows does).
    pages += [
        Page(
            "applicant: workspace with checklist",
            applicant_clients,
            [f"/applications/{a.pk}/" for a in applicants],
            warm_all=True,
        ),
        Page(
            "applicant: workspace, first open after a change",
            applicant_clients,
            [f"/applications/{a.pk}/" for a in applicants],
            before=lambda i: _changed(applicants[i % len(applicants)]),
        ),
        Page("applicant: my applications", applicant_clients, ["/applications/"]),
    ]
    pages += [
        Page("queue: first page", staff, ["/staff/"]),
        Page("queue: deep page", staff, ["/staff/?cursor=last"]),  # the last page
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
    pages += _renewal_pages(rnd, staff, sample, surname)
    large, small = personas()
    for who, association in ((LARGE, large), (SMALL, small)):
        pages += _association_pages(who, association, rnd, anyone, sample, listed=surname)
    return pages


def _changed(application: Application) -> None:
    """Raise `application`'s version, as a write to any row its workspace shows does."""
    Application.objects.filter(pk=application.pk).update(evidence_version=F("evidence_version") + 1)


def _renewal_pages(
    rnd: random.Random, staff: list[Client], sample: Callable[..., list[int]], listed: str
) -> list[Page]:
    """The coordinator's renewal queue (first page, the submitted tab, a search) and endorsees'
    renewal pages: holders who renewed last year and owe this year's (the page most of them
    see all year), each their own."""
    today = timezone.localdate()
    kept_up = Endorsement.objects.filter(
        renewed_through=date(today.year - 1, 12, 31),
        reinstated_on__isnull=True,
        revoked_at__isnull=True,
        person__isnull=False,
        inactive_periods__isnull=True,
    ).order_by("pk")
    endorsees = [
        e.person
        for e in Endorsement.objects.filter(pk__in=sample(kept_up)).select_related("person")
        if e.person is not None
    ]
    # A surname the queue finds: of a renewal waiting, else of anyone owing a renewal.
    names = list(
        Renewal.objects.filter(state=RenewalState.SUBMITTED)
        .order_by("pk")
        .values_list("person__name", flat=True)[:500]
    ) or list(kept_up.values_list("name", flat=True)[:500])
    surname = rnd.choice(names).split(" ")[-1] if names else listed
    return [
        Page("renewal queue: first page", staff, ["/staff/renewals/"]),
        Page("renewal queue: submitted tab", staff, ["/staff/renewals/?tab=submitted"]),
        Page("renewal queue: searched (a surname)", staff, [f"/staff/renewals/?q={surname}"]),
        Page(
            "endorsee: renewal page",
            [_client(person) for person in endorsees],
            ["/renewal/"],
        ),
    ]


def personas() -> tuple[Association, Association]:
    """The largest association (most applications) and a small one: the one with the fewest
    applications among those with a file under review and an applicant at work on theirs,
    other than the largest when there is another (with one association, both are it)."""
    # Counting every association's applications, on purpose: which ones to benchmark.
    with scopes_disabled():
        sizes = Application.objects.values("association").annotate(
            n=Count("pk"),
            reviewed=Count("pk", filter=Q(status=Status.UNDER_REVIEW)),
            working=Count("pk", filter=Q(status__in=(Status.DRAFT, Status.CHANGES_REQUESTED))),
        )
        rows = sorted(sizes, key=lambda row: (row["n"], row["association"]))
    if not rows:
        raise RuntimeError("no applications: fill the database with `endorse demo` first")
    large = rows[-1]["association"]
    able = [row["association"] for row in rows if row["reviewed"] and row["working"]]
    small = next((pk for pk in able if pk != large), able[0] if able else large)
    return Association.objects.get(pk=large), Association.objects.get(pk=small)


def _association_pages(
    who: str,
    association: Association,
    rnd: random.Random,
    anyone: list[Client],
    sample: Callable[..., list[int]],
    *,
    listed: str,
) -> list[Page]:
    """The pages of `association`'s coordinator and of its applicants, at its address; the
    registry (every association's) searched there for `listed`, a surname it lists."""
    at = "" if association.pk == default_association().pk else f"/a/{association.slug}"
    with scope(association=association):
        coordinator = User.objects.get(
            pk=StaffRole.objects.filter(role="coordinator").order_by("pk").values("person")[:1]
        )
        staff = [_client(coordinator, second_factor=True)]
        working = Application.objects.filter(
            status__in=(Status.DRAFT, Status.CHANGES_REQUESTED)
        ).order_by("pk")
        applicants = list(Application.objects.filter(pk__in=sample(working)).order_by("pk"))
        files = sample(Application.objects.filter(status=Status.UNDER_REVIEW).order_by("pk"))
        # A surname the queue finds: of a file under review (drafts are not in the queue).
        names = list(
            Application.objects.filter(status=Status.UNDER_REVIEW)
            .order_by("pk")
            .values_list("applicant__name", flat=True)[:500]
        )
        surname = rnd.choice(names).split(" ")[-1]
    pages = [
        Page("coordinator: queue first page", staff, [f"{at}/staff/"]),
        # A small association has files under review: a persona's association is chosen so.
        Page(
            "coordinator: queue filtered (under review)",
            staff,
            [f"{at}/staff/?status={Status.UNDER_REVIEW}"],
        ),
        Page("coordinator: queue searched (a surname)", staff, [f"{at}/staff/?q={surname}"]),
        Page(
            "coordinator: application file",
            staff,
            [f"{at}/staff/applications/{pk}/" for pk in files],
        ),
        Page("registry: search (a surname)", anyone, [f"{at}/registry/?q={listed}"]),
        Page(
            "applicant: workspace with checklist",
            [_client(a.applicant) for a in applicants],
            [f"{at}/applications/{a.pk}/" for a in applicants],
            warm_all=True,
        ),
    ]
    for page in pages:
        page.name = f"{who} {page.name}"
        page.association = association
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
        for i in range(len(page.urls) if page.warm_all else 1):
            page.get(i)  # warm: templates compiled, connections open (every page stored)
        if page.before is not None:
            page.before(1)
        with CaptureQueriesContext(connection) as captured:
            page.request(1)
        page.queries = len(captured.captured_queries)
        page.cpu.clear()
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
    out("")
    for name in (
        "applicant: workspace with checklist",
        "applicant: workspace, first open after a change",
    ):
        cpu = next(page.cpu for page in pages if page.name == name)
        out(
            f"{name}: CPU per request (this process) p50 {statistics.median(cpu) * 1000:.1f} ms, "
            f"p95 {_quantile(cpu, 95) * 1000:.1f} ms"
        )
    out("")
    out(_side_by_side(pages))
    report = applications_reevaluate(policy="2024")
    out(
        f"re-evaluation of every application under policy 2024: {report.applications} in "
        f"{report.seconds:.1f} s = {report.applications / report.seconds:,.0f} applications/s "
        f"(overall: {dict(report.overall)})"
    )


def _side_by_side(pages: list[Page]) -> str:
    """The two coordinators' pages, p50/p95 ms and queries, the largest association's first."""
    by_name = {page.name: page for page in pages}
    heads = []
    for who in (LARGE, SMALL):
        association = by_name[f"{who} {PERSONA_PAGES[0]}"].association
        assert association is not None
        with scope(association=association):
            count = Application.objects.count()
        heads.append(f"{association.short_name} ({count:,} applications)")
    lines = [
        f"| page | {heads[0]} p50 | p95 | queries | {heads[1]} p50 | p95 | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in PERSONA_PAGES:
        cells = []
        for who in (LARGE, SMALL):
            page = by_name[f"{who} {name}"]
            p50, p95 = statistics.median(page.times), _quantile(page.times, 95)
            cells += [f"{p50 * 1000:.1f}", f"{p95 * 1000:.1f}", str(page.queries)]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(lines)


def _header(applications: int) -> str:
    vendor = connection.vendor
    # The installation's applications, every association's on purpose.
    with scopes_disabled():
        everyone = Application.objects.count()
        associations = Application.objects.values("association").distinct().count()
    version = ".".join(str(v) for v in connection.get_database_version())
    return "\n".join(
        [
            f"date: {timezone.localdate().isoformat()}  machine: {os.cpu_count()} cores, "
            f"{platform.machine()}, Python {platform.python_version()}",
            f"database: {vendor} {version}  applications: {applications:,} in the default "
            f"association, {everyone:,} in {associations} associations  "
            f"debug: {settings.DEBUG}  time zone: {timezone.get_current_timezone_name()}  "
            f"cache: {str(settings.CACHES['default']['BACKEND']).rsplit('.', 1)[-1]}",
            "",
        ]
    )
