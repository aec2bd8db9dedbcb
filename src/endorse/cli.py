"""The `endorse` command.

    endorse check FILE [--json] [--policy NAME] [--as-of YYYY-MM-DD]   evaluate a portfolio or renewal file
    endorse schema [--renewal]                                         print the portfolio (renewal) JSON Schema
    endorse policies [--renewal]                                       list the policy versions (renewal policies)
    endorse bench [--portfolios N]                                     time the eligibility engine
    endorse bench pages [--rounds N]                                   time the pages on the database's data
    endorse bench load [--seconds N]                                   the workspace under load (gunicorn, wrk)
    endorse bench import [--rows N]                                    time an endorsements import
    endorse reevaluate [--policy NAME] [--apply] [--jobs N]            evaluate every application again
    endorse serve [--port N]                                           run the web application locally
    endorse demo --applicants N [--seed S] [--associations K]          add a national-scale demo population
    endorse worker [--once]                                            send email, chase references
    endorse import KIND FILE --association SLUG [--apply] [--report CSV]   import earlier records
    endorse import archive FILE --association SLUG [--apply]           import an export archive
    endorse export --association SLUG FILE                             an association's archive
    endorse import invite --association SLUG [--batch N] [--send]        invite imported people
    endorse backup FILE                                                database and documents to one file
    endorse restore FILE                                               load a backup into a new database
    endorse manage ARGS...                                             Django's management commands

Exit status: 0 when the command did its work (whatever the verdict), 2 on invalid input, with
one line per problem as `field.path: what is wrong` on standard error and never a traceback;
`import` exits 1 when rows of the file have problems (listed on standard output, nothing
written).

Commands import what they use inside their own function: whatever needs Django comes after
`_django_setup` (models cannot load before it), so `check`, `schema` and `policies` start without
Django; the development tools (`endorse.devtools`) load only for `bench`, `demo` and `serve`.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from endorse.eligibility import (
    PolicyError,
    PortfolioError,
    decode_json,
    evaluate,
    known_categories,
    load_policy,
    parse_portfolio,
    policy_names,
)
from endorse.eligibility.checklist import render_checklist
from endorse.eligibility.portfolio import DATE_RANGE_TEXT, date_in_range
from endorse.eligibility.renewal_file import RENEWAL_FORMAT
from endorse.eligibility.renewal_policy import load_renewal_policy, renewal_policy_names
from endorse.eligibility.schema import schema_text, shipped_schema

if TYPE_CHECKING:  # Django's models load only after `_django_setup`
    from endorse.associations.models import Association

EXIT_INVALID = 2
EXIT_DATABASE = 3  # the database could not be reached or refused the work


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own errors (a missing argument, a bad option) exit 2 like every bad input.
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)


def _parse_date(value: str) -> date | None:
    """A real calendar date written YYYY-MM-DD, or None."""
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="endorse", description="Endorsement® program tools.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser(
        "check", help="evaluate a portfolio or renewal file and print the checklist"
    )
    check.add_argument(
        "file",
        help="the portfolio (imh-portfolio/1) or renewal (imh-renewal/1) file; - reads standard "
        "input",
    )
    check.add_argument(
        "--json",
        action="store_true",
        help="print the result as imh-eligibility/1 (imh-renewal-result/1) JSON",
    )
    check.add_argument(
        "--policy",
        help=f"policy version (default: the file's, else seed); one of {', '.join(policy_names())}"
        f"; for a renewal file, a renewal policy: one of {', '.join(renewal_policy_names())}",
    )
    check.add_argument(
        "--as-of", help="evaluation date as YYYY-MM-DD (default: the file's, else today)"
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of the portfolio file")
    schema.add_argument(
        "--renewal", action="store_true", help="the renewal file's (imh-renewal/1) instead"
    )
    policies = commands.add_parser("policies", help="list the policy versions")
    policies.add_argument(
        "--renewal", action="store_true", help="list the renewal policies instead"
    )

    bench = commands.add_parser(
        "bench", help="time the eligibility engine (engine) or the pages on the database (pages)"
    )
    bench.add_argument(
        "what", nargs="?", choices=("engine", "pages", "load", "import"), default="engine"
    )
    bench.add_argument(
        "--portfolios", type=int, default=2000, help="how many portfolios (default 2000)"
    )
    bench.add_argument(
        "--repeat", type=int, default=9, help="timing rounds; the median is reported"
    )
    bench.add_argument(
        "--rounds", type=int, default=60, help="pages: requests of each page (default 60)"
    )
    bench.add_argument("--seconds", type=int, default=30, help="load: how long (default 30)")
    bench.add_argument(
        "--rows", type=int, default=50_000, help="import: endorsement rows (default 50,000)"
    )

    reevaluate = commands.add_parser(
        "reevaluate", help="evaluate every application again, as after a policy change"
    )
    reevaluate.add_argument(
        "--policy", help=f"evaluate under this policy; one of {', '.join(policy_names())}"
    )
    reevaluate.add_argument(
        "--apply",
        action="store_true",
        help="move open applications (draft, changes requested) to --policy",
    )
    reevaluate.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="worker processes that read and evaluate (default 1); the verdicts are the same",
    )

    serve = commands.add_parser(
        "serve", help="run the web application locally on its SQLite default"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--no-worker", action="store_true", help="do not start the background worker beside it"
    )

    demo = commands.add_parser(
        "demo", help="add generated applicants at every stage (a local, debug-mode database)"
    )
    demo.add_argument("--applicants", type=int, required=True, help="how many applicants to add")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.add_argument(
        "--associations",
        type=int,
        default=35,
        help="share the applicants among this many associations, by size (default 35, at most 35)",
    )

    worker = commands.add_parser(
        "worker", help="run the background worker: send queued email, chase reference requests"
    )
    worker.add_argument(
        "--once", action="store_true", help="do what is due once and exit (for cron)"
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between polls (default 1)"
    )

    imports = commands.add_parser(
        "import",
        help="check (dry run) or apply an import file of an association's earlier records",
    )
    imports.add_argument(
        "kind",
        choices=("people", "endorsements", "members", "applications", "archive", "invite"),
        help="the template; `archive`: an export archive's four files; `invite`: invitations "
        "to claim the imported accounts",
    )
    imports.add_argument(
        "file", nargs="?", help="the .csv or .xlsx file, or a .zip with its portfolio files"
    )
    imports.add_argument(
        "--association", required=True, help="the slug of the association whose records they are"
    )
    imports.add_argument(
        "--apply",
        action="store_true",
        help="write the records when no row has a problem (default: a dry run, writing nothing)",
    )
    imports.add_argument("--report", help="also write the problems to this CSV file")
    imports.add_argument(
        "--batch", type=int, default=100, help="invite: how many people (default 100)"
    )
    imports.add_argument(
        "--send", action="store_true", help="invite: queue the invitations (default: list who)"
    )
    imports.add_argument(
        "--resend", action="store_true", help="invite: again, those invited who have not claimed"
    )

    export = commands.add_parser(
        "export", help="write an association's records to one archive (docs/import.md)"
    )
    export.add_argument(
        "--association", required=True, help="the slug of the association whose records they are"
    )
    export.add_argument("file", help="where to write the archive (.zip)")

    backup = commands.add_parser("backup", help="write the database and documents to one file")
    backup.add_argument("file", help="where to write the backup (.zip)")
    restore = commands.add_parser("restore", help="load a backup into a new, empty database")
    restore.add_argument("file", help="the backup file")

    manage = commands.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except Exception as error:
        # Every command that reaches a database ends here when it cannot: one line, exit 3.
        cause = _database_error(error)
        if cause is None:
            raise
        print(f"database: {cause}".strip(), file=sys.stderr)
        return EXIT_DATABASE


def _database_error(error: BaseException | None) -> BaseException | None:
    """The database error behind `error`, if any (Django's commands wrap some, as dumpdata
    does in a CommandError)."""
    database = sys.modules.get("django.db")
    while error is not None and database is not None:
        if isinstance(error, database.DatabaseError):
            found: BaseException = error
            return found
        error = error.__cause__ or error.__context__
    return None


def _run(args: argparse.Namespace) -> int:
    command: str = args.command
    if command == "check":
        return _check(args)
    if command == "schema":
        if args.renewal:
            from endorse.eligibility.renewal_schema import shipped_renewal_schema

            sys.stdout.write(schema_text(shipped_renewal_schema()))
        else:
            sys.stdout.write(schema_text(shipped_schema()))
        return 0
    if command == "policies":
        return _renewal_policies() if args.renewal else _policies()
    if command == "bench":
        for option, value in (
            ("--portfolios", args.portfolios),
            ("--repeat", args.repeat),
            ("--rounds", args.rounds),
            ("--seconds", args.seconds),
            ("--rows", args.rows),
        ):
            if value < 1:
                print(f"{option}: must be at least 1, got {value}", file=sys.stderr)
                return EXIT_INVALID
        if args.what == "import":
            # Production settings (no debug mode), as `bench pages`; the key is the run's own.
            os.environ.setdefault("ENDORSE_SECRET_KEY", secrets.token_urlsafe(50))
            _django_setup(default_debug=False)
            from django.core.management import call_command

            from endorse.devtools.bench_import import run_import_benchmark

            call_command("migrate", interactive=False, verbosity=0)
            run_import_benchmark(rows=args.rows)
            return 0
        if args.what in ("pages", "load"):
            return _bench_web(args.what, rounds=args.rounds, seconds=args.seconds)
        from endorse.devtools.bench import run_engine_benchmark

        run_engine_benchmark(portfolios=args.portfolios, repeat=args.repeat)
        return 0
    if command == "serve":
        return _serve(args.host, args.port, worker=not args.no_worker)
    if command == "reevaluate":
        return _reevaluate(args.policy, apply=args.apply, jobs=args.jobs)
    if command == "demo":
        return _demo(args.applicants, args.seed, args.associations)
    if command == "worker":
        if args.interval < 0:
            print(f"--interval: must not be negative, got {args.interval}", file=sys.stderr)
            return EXIT_INVALID
        _django_setup(default_debug=False)
        from endorse.worker import run_worker

        run_worker(interval=args.interval, once=args.once)
        return 0
    if command == "import":
        return _import_archive(args) if args.kind == "archive" else _import(args)
    if command == "export":
        return _export(args)
    if command in ("backup", "restore"):
        return _backup(command, Path(args.file))
    return _manage(args.args)


def _backup(command: str, path: Path) -> int:
    _django_setup(default_debug=False)
    from django.core.management import call_command

    from endorse.backup import BackupError, backup_restore, backup_write

    try:
        if command == "backup":
            manifest = backup_write(path)
            verb = "written"
        else:
            call_command("migrate", interactive=False, verbosity=0)
            manifest = backup_restore(path)
            verb = "restored"
    except BackupError as error:
        print(f"file: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"{path}: {verb} ({manifest['database']} database of {manifest['created_at']}, "
        f"{len(manifest['documents'])} documents)"
    )
    return 0


def _association(slug: str) -> Association | None:
    """The association of `slug`, or None after printing the slugs there are."""
    from endorse.associations.models import Association

    association = Association.objects.filter(slug=slug).first()
    if association is None:
        slugs = ", ".join(Association.objects.order_by("slug").values_list("slug", flat=True))
        print(f"--association: no association {slug!r}; one of {slugs}", file=sys.stderr)
    return association


def _export(args: argparse.Namespace) -> int:
    """`endorse export --association SLUG FILE`: the archive the coordinator's page builds."""
    path = Path(args.file)
    if not path.parent.is_dir():
        print(f"file: {args.file}: no such folder {path.parent}", file=sys.stderr)
        return EXIT_INVALID
    _django_setup(default_debug=False)
    from django.utils import timezone
    from django_scopes import scope

    from endorse.exports.archive import archive_write

    association = _association(args.association)
    if association is None:
        return EXIT_INVALID
    with (
        scope(association=association),
        timezone.override(association.zone),
        path.open("wb") as out,
    ):
        manifest = archive_write(association, out)
    counts = ", ".join(f"{name} {rows}" for name, rows in manifest["counts"].items())
    print(f"{path}: written ({len(manifest['files'])} files; rows: {counts})")
    return 0


def _import_file(args: argparse.Namespace, what: str) -> bytes | None:
    """The bytes of the file `endorse import` reads, or None after naming what is wrong."""
    if args.file is None:
        print(f"file: required ({what})", file=sys.stderr)
        return None
    try:
        return Path(args.file).read_bytes()
    except FileNotFoundError:
        print(f"file: {args.file}: no such file", file=sys.stderr)
    except OSError as error:
        print(f"file: {args.file}: cannot be read ({error.strerror})", file=sys.stderr)
    return None


def _import_archive(args: argparse.Namespace) -> int:
    """`endorse import archive FILE --association SLUG [--apply]`: every kind of an export
    archive, all or nothing."""
    data = _import_file(args, "the export archive, a .zip")
    if data is None:
        return EXIT_INVALID
    _django_setup(default_debug=False)
    from django_scopes import scope

    from endorse.exports.archive_import import archive_import
    from endorse.imports.domain import report_csv
    from endorse.imports.reader import ImportFileError

    association = _association(args.association)
    if association is None:
        return EXIT_INVALID
    try:
        with scope(association=association):
            reports = archive_import(
                association=association,
                data=data,
                apply=args.apply,
                actor=None,
            )
    except ImportFileError as error:
        print(f"file: {args.file}: {error}", file=sys.stderr)
        return EXIT_INVALID
    for report in reports:
        for problem in report.problems:
            print(f"{report.kind}.csv {problem}")
        print(report.summary())
    if args.report:
        Path(args.report).write_text(
            "".join(report_csv(report) for report in reports if report.problems),
            encoding="utf-8",
        )
    return 1 if any(report.problems for report in reports) else 0


def _import(args: argparse.Namespace) -> int:
    """`endorse import KIND FILE --association SLUG [--apply]`: the dry run's report (or the
    apply's summary). Exit 1 when rows have problems, 2 when the arguments or the file are bad."""
    if args.kind == "invite":
        return _import_invite(args)
    data = _import_file(args, "the .csv or .xlsx file")
    if data is None:
        return EXIT_INVALID
    path = Path(args.file)
    _django_setup(default_debug=False)
    from django_scopes import scope

    from endorse.imports.bundle import read_bundle
    from endorse.imports.columns import Kind
    from endorse.imports.domain import import_apply, import_check, report_csv
    from endorse.imports.reader import ImportFileError

    association = _association(args.association)
    if association is None:
        return EXIT_INVALID
    kind = Kind(args.kind)
    try:
        bundle = read_bundle(kind, path.name, data)
    except ImportFileError as error:
        print(f"file: {args.file}: {error}", file=sys.stderr)
        return EXIT_INVALID
    table = bundle.table

    def beside(name: str) -> bytes | None:
        """A portfolio file named in a row: in the .zip, or else only a file in the import
        file's folder."""
        if bundle.files:
            return bundle.portfolio(name)
        found = path.parent / name
        if Path(name).name != name or not found.is_file():
            return None
        return found.read_bytes()

    with scope(association=association):
        if args.apply:
            report = import_apply(
                kind=kind, table=table, association=association, actor=None, portfolios=beside
            )
        else:
            report = import_check(
                kind=kind, table=table, association=association, portfolios=beside
            )
    for problem in report.problems:
        print(problem)
    if args.report:
        Path(args.report).write_text(report_csv(report), encoding="utf-8")
    print(report.summary())
    return 1 if report.problems else 0


def _import_invite(args: argparse.Namespace) -> int:
    """`endorse import invite --association SLUG [--batch N] [--send] [--resend]`: who the next
    batch of invitations goes to; with --send, queue them in the outbox (docs/import.md)."""
    from endorse.imports.invitations import MAX_BATCH

    if not 1 <= args.batch <= MAX_BATCH:
        print(f"--batch: expected 1 to {MAX_BATCH}, got {args.batch}", file=sys.stderr)
        return EXIT_INVALID
    _django_setup(default_debug=False)
    from django_scopes import scope

    from endorse.imports.invitations import invitation_counts, invitation_send, unclaimed_imported

    association = _association(args.association)
    if association is None:
        return EXIT_INVALID
    with scope(association=association):
        if args.send:
            for imported in invitation_send(
                association=association, actor=None, batch=args.batch, resend=args.resend
            ):
                print(f"invited {imported.person.email}")
        else:
            for imported in unclaimed_imported(resend=args.resend)[: args.batch]:
                print(f"would invite {imported.person.email}")
        counts = invitation_counts()
    print(
        f"{association.slug}: {counts.not_invited} not invited yet, {counts.invited} invited "
        f"and not claimed, {counts.claimed} claimed"
        + ("" if args.send else " (nothing sent: add --send)")
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    as_of = None
    if args.as_of is not None:
        as_of = _parse_date(args.as_of)
        if as_of is None:
            print(
                f"--as-of: expected a real date as YYYY-MM-DD, got {args.as_of!r}", file=sys.stderr
            )
            return EXIT_INVALID
        if not date_in_range(as_of):
            print(
                f"--as-of: {args.as_of} is outside the dates a portfolio may hold, "
                f"{DATE_RANGE_TEXT}",
                file=sys.stderr,
            )
            return EXIT_INVALID
    try:
        text = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except FileNotFoundError:
        print(f"{args.file}: no such file", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"{args.file}: cannot be read ({error.strerror})", file=sys.stderr)
        return EXIT_INVALID
    # The machine's local date is the person's "today" at a terminal.
    today = date.today()  # noqa: DTZ011
    try:
        data = decode_json(text)
    except PortfolioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    if isinstance(data, dict) and data.get("format") == RENEWAL_FORMAT:
        return _check_renewal(data, args, as_of=as_of, today=today)
    if args.policy is not None:
        try:
            load_policy(args.policy)
        except PolicyError as error:
            print(f"--policy: {error}", file=sys.stderr)
            return EXIT_INVALID
    try:
        portfolio = parse_portfolio(data, known_categories=known_categories())
        result = evaluate(portfolio, policy=args.policy, as_of=as_of, today=today)
    except PortfolioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        sys.stdout.write(json.dumps(result.to_data(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_checklist(result))
    return 0


def _check_renewal(
    data: dict[str, object], args: argparse.Namespace, *, as_of: date | None, today: date
) -> int:
    """`endorse check` on a renewal file (`imh-renewal/1`): its result or its one refusal."""
    from endorse.eligibility.renewal import evaluate_renewal
    from endorse.eligibility.renewal_checklist import render_renewal_checklist
    from endorse.eligibility.renewal_parse import read_renewal

    if args.policy is not None and args.policy not in renewal_policy_names():
        print(
            f"--policy: unknown renewal policy {args.policy!r}; expected one of "
            f"{', '.join(renewal_policy_names())}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        result = evaluate_renewal(read_renewal(data, policy=args.policy, as_of=as_of, today=today))
    except PortfolioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        sys.stdout.write(json.dumps(result.to_data(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_renewal_checklist(result))
    return 0


def _policies() -> int:
    """Each version: its name, effective date and title, the categories it offers (by
    abbreviation and id) and those it is the default for when a file names no version."""
    for name in policy_names():
        policy = load_policy(name)
        effective = policy.effective_on.isoformat() if policy.effective_on else "-"
        default = " (default)" if name == policy_names()[0] else ""
        print(f"{name}{default}\t{effective}\t{policy.title}")
        offered = ", ".join(f"{c.abbr} ({c.id})" for c in policy.categories.values())
        print(f"  offers: {offered}")
        defaults = [c.abbr for c in policy.categories.values() if c.id in policy.default_for]
        print(f"  default for: {', '.join(defaults) or 'none'}")
    return 0


def _renewal_policies() -> int:
    """Each renewal policy: its name and title, then its description."""
    for name in renewal_policy_names():
        renewal = load_renewal_policy(name)
        default = " (default)" if name == renewal_policy_names()[0] else ""
        print(f"{name}{default}\t{renewal.title}")
        print(f"  {renewal.description}")
    return 0


def _django_setup(default_debug: bool) -> None:
    """Configure Django; a bad setting ends the command with one line naming it (exit 2)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endorse.settings")
    if default_debug:
        os.environ.setdefault("ENDORSE_DEBUG", "true")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"settings: {error}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID) from None


def _serve(host: str, port: int, *, worker: bool) -> int:
    """Migrate the embedded database and run the development server with the product in it,
    and the background worker beside it (emails print here, to the console)."""
    os.environ.setdefault("ENDORSE_BASE_URL", f"http://{host}:{port}")
    _django_setup(default_debug=True)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from endorse.devtools.demo import (
        COORDINATOR_EMAIL,
        DEMO_PASSWORD,
        DEMO_TOTP_SECRET,
        demo_create,
    )

    logins = demo_create()
    if logins:
        print(f"\nDemo people created (local use only). Everyone's password: {DEMO_PASSWORD}")
        for login in logins:
            print(f"  {login.email:42} {login.who}")
        print(
            "Staff sign in with a second factor: add the secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or run\n"
            "  ENDORSE_DEBUG=true .venv/bin/endorse manage demo_code\nfor the current code."
        )
    else:
        print(f"\nSign in as {COORDINATOR_EMAIL} or a demo applicant; password {DEMO_PASSWORD}.")
    print(
        f"\nEndorse is running. Open http://{host}:{port}/ (Ctrl+C stops it).\n"
        f"  Sign in: http://{host}:{port}/accounts/login/\n"
        f"  Check a portfolio without an account: http://{host}:{port}/check/\n"
        f"  A second association on the same installation: http://{host}:{port}/a/oaimh/\n",
        flush=True,
    )
    # Its own session: Ctrl+C reaches this process only, which then stops the worker once.
    background = (
        subprocess.Popen([sys.executable, "-m", "endorse.cli", "worker"], start_new_session=True)
        if worker
        else None
    )
    # SIGTERM (a service manager, `kill`) would end this process at once, skipping the `finally`
    # that stops the worker, which would then run on alone: stop as Ctrl+C does instead.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        if background is not None:
            _stop(background)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen[bytes], *, grace: float = 30) -> None:
    """Ask a child process to stop (it finishes its current work) and wait for it; kill it if it
    has not stopped after `grace` seconds."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the wait
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _bench_web(what: str, *, rounds: int, seconds: int) -> int:
    """Pages as in production (no debug mode): in-process (pages) or through gunicorn (load)."""
    os.environ.setdefault("ENDORSE_DEBUG", "false")
    os.environ.setdefault("ENDORSE_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ENDORSE_ALLOWED_HOSTS"] = "testserver"
    _django_setup(default_debug=False)
    from django.core.management import call_command
    from django_scopes import scope

    from endorse.associations.routing import default_association
    from endorse.devtools.bench_load import run_load_test
    from endorse.devtools.bench_pages import run_page_benchmark

    try:
        call_command("collectstatic", interactive=False, verbosity=0)
        # The demo population is the default association's: its pages, in its scope.
        with scope(association=default_association()):
            if what == "load":
                run_load_test(seconds=seconds)
            else:
                run_page_benchmark(rounds=rounds)
    except RuntimeError as error:
        print(f"bench {what}: {error}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def _reevaluate(policy: str | None, *, apply: bool, jobs: int = 1) -> int:
    if jobs < 1:
        print(f"--jobs: must be at least 1, got {jobs}", file=sys.stderr)
        return EXIT_INVALID
    if policy is not None and policy not in policy_names():
        print(
            f"--policy: no policy {policy!r}; one of {', '.join(policy_names())}", file=sys.stderr
        )
        return EXIT_INVALID
    if apply and policy is None:
        print("--apply: name the policy to move to with --policy", file=sys.stderr)
        return EXIT_INVALID
    _django_setup(default_debug=False)
    from django_scopes import scopes_disabled

    from endorse.applications.domain import applications_reevaluate

    # Policy versions are the framework's: every association's applications, on purpose.
    with scopes_disabled():
        try:
            report = applications_reevaluate(policy=policy, apply=apply, jobs=jobs)
        except ValueError as error:
            print(f"--policy: {error}", file=sys.stderr)
            return EXIT_INVALID
    under = f"under policy {policy}" if policy else "each under its own policy"
    if jobs > 1:
        under += f", {jobs} processes"
    rate = report.applications / report.seconds if report.seconds else 0
    print(
        f"{report.applications} applications evaluated {under} in {report.seconds:.1f} s ({rate:,.0f}/s)"
    )
    if report.cpu_seconds:
        per_cpu = report.applications / report.cpu_seconds
        print(f"processor time {report.cpu_seconds:.1f} s ({per_cpu:,.0f} per processor-second)")
    for overall, count in report.overall.most_common():
        print(f"  {overall:20} {count:>8}")
    if report.not_met:
        print("Requirements not met:")
        for requirement, count in report.not_met.most_common():
            print(f"  {requirement:20} {count:>8}")
    if apply:
        print(f"{report.moved} open applications moved to policy {policy}.")
    return 0


def _demo(applicants: int, seed: int, associations: int) -> int:
    if applicants < 1:
        print(f"--applicants: must be at least 1, got {applicants}", file=sys.stderr)
        return EXIT_INVALID
    if not 1 <= associations <= 35:
        print(f"--associations: from 1 to 35, got {associations}", file=sys.stderr)
        return EXIT_INVALID
    _django_setup(default_debug=True)
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DEBUG:
        print("ENDORSE_DEBUG: demo people are for local instances only", file=sys.stderr)
        return EXIT_INVALID
    from endorse.devtools.population import populate

    call_command("migrate", interactive=False, verbosity=0)
    population = populate(
        applicants=applicants,
        seed=seed,
        associations=associations,
        progress=lambda line: print(line, flush=True),
    )
    rows = sum(population.rows.values())
    print(
        f"Added {population.applicants} applicants: {rows} rows in {population.seconds:.0f} s "
        f"({rows / population.seconds:,.0f} rows/s) in {associations} associations. "
        "Everyone's password is the demo password."
    )
    for table, count in sorted(population.rows.items()):
        print(f"  {table:32} {count:>10,}")
    return 0


def _manage(argv: list[str]) -> int:
    _django_setup(default_debug=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["endorse manage", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
