"""`endorse check` on renewal files, `endorse schema --renewal`, `endorse policies --renewal`
(RULES-renewal.md 2: refusals name the field and exit 2, as for portfolios)."""

import json
from pathlib import Path

from endorse.cli import main
from tests.test_cli import run

from .renewal_builders import renewal

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "renewal"


def test_check_renewal_json_prints_the_renewal_result(capsys):
    assert main(["check", str(EXAMPLES / "annual-on-time.json"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (
        data["format"],
        data["kind"],
        data["standing"],
        data["deadline"],
        data["overall"],
        [r["id"] for r in data["requirements"]],
    ) == (
        "imh-renewal-result/1",
        "renewal",
        "renewal_due",
        "2026-12-31",
        "renewable",
        ["training", "rsc", "ethics", "membership", "fee"],
    )


def test_check_renewal_readable_checklist(capsys):
    assert main(["check", str(EXAMPLES / "overdue-late-fee-short.json")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:7] == [
        "Standing: renewal overdue",
        "Renew by 31 December 2026 (window opens 1 October 2026, grace until 31 January 2027); "
        "period owed 1 January 2026 to 31 December 2026, 1 year",
        "Late: submitted after the deadline",
        "",
        "Overall: Incomplete: some requirements are not met yet",
    ]
    assert "[not met]       Fee: paid 30 of 55" in lines


def test_check_renewal_policy_and_as_of_options_override_the_file(tmp_path, capsys):
    path = tmp_path / "renewal.json"
    path.write_text(json.dumps(renewal(period={"start_on": "2026-01-01", "end_on": "2027-12-31"})))
    assert (
        main(["check", str(path), "--json", "--policy", "triennial", "--as-of", "2026-12-01"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["policy"], data["as_of"], data["years_owed"]) == ("triennial", "2026-12-01", 2)


def test_check_renewal_refusal_names_the_field_and_exits_2():
    code, out, err = run("check", str(EXAMPLES / "mistake-period-not-owed.json"), "--json")
    assert (code, out, err) == (
        2,
        "",
        "period: 2025-06-10..2026-12-31 is not the period owed on 2026-11-20, "
        "2026-01-01..2026-12-31\n",
    )


def test_check_renewal_format_errors_exit_2_one_line_each():
    text = json.dumps(renewal(kind="renew", fee={"amount": "thirty"}))
    code, out, err = run("check", "-", stdin=text)
    assert (code, out, err.splitlines()) == (
        2,
        "",
        [
            "kind: 'renew' is not one of renewal, reinstatement, reactivation",
            "fee.amount: expected a number, got text",
        ],
    )


def test_check_renewal_unknown_renewal_policy_option(capsys):
    assert main(["check", str(EXAMPLES / "annual-on-time.json"), "--policy", "2025"]) == 2
    assert capsys.readouterr().err == (
        "--policy: unknown renewal policy '2025'; expected one of annual, triennial\n"
    )


def test_schema_renewal_prints_the_shipped_renewal_schema(capsys):
    assert main(["schema", "--renewal"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((ROOT / "docs" / "renewal.schema.json").read_text())


def test_policies_renewal_lists_annual_first_as_default(capsys):
    assert main(["policies", "--renewal"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines[::2]] == ["annual (default)", "triennial"]
