"""The `endorse` command: check, schema, policies; exit 2 and one line per problem on bad input."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from endorse.accounts.models import User
from endorse.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args, stdin=None, env=None):
    """Run the real console command in a subprocess: exit status, stdout, stderr."""
    completed = subprocess.run(
        [sys.executable, "-m", "endorse.cli", *args],
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "endorse.settings_test"} | (env or {}),
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return completed.returncode, completed.stdout, completed.stderr


def test_check_json_prints_the_result_format():
    code, out, err = run("check", str(EXAMPLES / "clinical-complete.json"), "--json")
    data = json.loads(out)
    assert (code, err) == (0, "")
    assert (data["format"], data["category"], data["policy"], data["as_of"], data["overall"]) == (
        "imh-eligibility/1",
        "mentor-clinical",
        "seed",
        "2026-11-24",
        "endorsable",
    )
    assert [r["id"] for r in data["requirements"]] == [
        "education",
        "training",
        "work_experience",
        "leadership",
        "rsc",
        "references",
        "ethics",
        "competencies",
        "exam",
        "membership",
    ]


def test_check_readable_checklist_shows_numbers_missing_and_dates():
    code, out, _ = run("check", str(EXAMPLES / "clinical-in-progress.json"))
    assert code == 0
    assert "Overall: Incomplete: some requirements are not met yet" in out.splitlines()
    assert (
        "[not met]       In-service training: 23.5 of 30 hours of relationship-based training"
        in out.splitlines()
    )
    assert (
        "                missing: 6.5 more hours of relationship-based training."
        in out.splitlines()
    )
    assert "                could be met on 2 June 2027 if it continues" in out.splitlines()


def test_check_exit_zero_whatever_the_verdict():
    code, out, err = run("check", str(EXAMPLES / "clinical-rsc-under-a-year.json"))
    assert (code, err) == (0, "")
    assert out.splitlines()[3] == "Overall: Incomplete: some requirements are not met yet"


def test_check_reads_standard_input():
    text = (EXAMPLES / "policy-ready-for-exam.json").read_text()
    code, out, _ = run("check", "-", "--json", stdin=text)
    assert (code, json.loads(out)["overall"]) == (0, "ready_for_exam")


def test_check_policy_and_as_of_override_the_file():
    code, out, _ = run(
        "check",
        str(EXAMPLES / "clinical-complete.json"),
        "--json",
        "--policy",
        "2024",
        "--as-of",
        "2027-09-30",
    )
    data = json.loads(out)
    assert (code, data["policy"], data["as_of"]) == (0, "2024", "2027-09-30")
    assert next(r for r in data["requirements"] if r["id"] == "membership")["status"] == "met"
    assert next(r for r in data["requirements"] if r["id"] == "references")["status"] == "not_met"


BAD_INPUTS = [
    (
        "{",
        [
            "(document): not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
        ],
    ),
    ('{"format": "imh-portfolio/1", "category": 7}', ["category: expected text, got a number"]),
    (
        '{"format": "imh-portfolio/1", "category": "mentor-clinical", "trainings": [{"start_on": "2024-01-01", "hours": 3, "relationship_based": true, "hourz": 1}]}',
        [
            "trainings.0.hourz: unknown key; expected one of age_bands, competencies, end_on, hours, id, provider, relationship_based, start_on, title, topics"
        ],
    ),
    (
        '{"format": "imh-portfolio/1", "category": "mentor-clinical", "degrees": [{"type": "MSW", "conferred_on": "2025-02-30"}]}',
        ["degrees.0.conferred_on: 2025-02-30 is not a real date"],
    ),
    (
        '{"format": "imh-portfolio/1", "category": "mentor-clinical", "work": [{"start_on": "2024-01-02", "end_on": "2024-01-01", "kinds": ["research"]}]}',
        ["work.0.end_on: ends (2024-01-01) before it starts (2024-01-02)"],
    ),
    (
        '{"format": "imh-portfolio/1", "category": "mentor-clinical", "rsc": [{"provider": {"name": "A"}, "format": "group", "start_on": "2024-01-01", "hours": -3}]}',
        ["rsc.0.hours: must not be negative, got -3"],
    ),
    (
        '{"format": "imh-portfolio/1", "category": "mentor-pilot"}',
        [
            "category: unknown category 'mentor-pilot'; expected one of ec-family-associate, ec-family-specialist, ec-mentor-clinical, ec-mentor-policy, ec-mentor-research-faculty, ec-mh-specialist, family-associate, family-specialist, mentor-clinical, mentor-policy, mentor-research-faculty, mh-specialist"
        ],
    ),
    (
        '{"format": "imh-portfolio/1", "category": "mentor-clinical", "policy": "1999"}',
        ["policy: unknown policy '1999'; expected one of seed, 2024, 2025"],
    ),
]


@pytest.mark.parametrize(("text", "lines"), BAD_INPUTS)
def test_check_bad_input_exits_2_naming_the_field(text, lines):
    code, out, err = run("check", "-", stdin=text)
    assert (code, out, err.splitlines()) == (2, "", lines)


def test_check_unknown_policy_option():
    code, _, err = run("check", str(EXAMPLES / "clinical-complete.json"), "--policy", "1999")
    assert (code, err) == (2, "--policy: unknown policy '1999'; expected one of seed, 2024, 2025\n")


def test_check_impossible_as_of_option():
    code, _, err = run("check", str(EXAMPLES / "clinical-complete.json"), "--as-of", "2025-02-30")
    assert (code, err) == (2, "--as-of: expected a real date as YYYY-MM-DD, got '2025-02-30'\n")


def test_check_missing_file():
    code, _, err = run("check", "does-not-exist.json")
    assert (code, err) == (2, "does-not-exist.json: no such file\n")


def test_check_invalid_example_lists_every_problem_and_no_traceback():
    code, _, err = run("check", str(EXAMPLES / "invalid" / "bad-input.json"))
    assert code == 2
    assert "Traceback" not in err
    assert err.splitlines() == [
        "degrees.0.conferred_on: 2025-02-30 is not a real date",
        "trainings.0.hours: must not be negative, got -2",
        "trainings.0.relationship_based: expected true or false, got text",
        "work.0.kinds.0: 'direct_service' is not one of imh_direct_service, rsc_provision, policy_leadership, program_administration, university_teaching, research, family_service, prevention_service, parent_infant_psychotherapy",
        "work.0.end_on: ends (2019-06-30) before it starts (2020-01-01)",
        "membership.expires: unknown key; expected one of association, expires_on, kind, member_id",
        "membership.expires_on: required",
    ]


def test_usage_errors_exit_2():
    code, _, err = run("check")
    assert code == 2
    assert "the following arguments are required: file" in err


def test_schema_prints_the_shipped_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((ROOT / "docs" / "portfolio.schema.json").read_text())


def test_policies_lists_seed_first_as_default(capsys):
    assert main(["policies"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "seed (default)\t-\tInfant Mental Health Mentor requirements, seed text"
    assert lines[1] == (
        "  offers: IMHM-C (mentor-clinical), IMHM-P (mentor-policy), "
        "IMHM-R/F (mentor-research-faculty)"
    )
    assert lines[2] == "  default for: IMHM-C, IMHM-P, IMHM-R/F"
    assert [line.split("\t")[0] for line in lines[3::3]] == ["2024", "2025"]
    assert lines[7] == "  offers: " + ", ".join(
        f"{abbr} ({category})"
        for abbr, category in [
            ("IFA", "family-associate"),
            ("IFS", "family-specialist"),
            ("IMHS", "mh-specialist"),
            ("IMHM-C", "mentor-clinical"),
            ("IMHM-P", "mentor-policy"),
            ("IMHM-R/F", "mentor-research-faculty"),
            ("ECFA", "ec-family-associate"),
            ("ECFS", "ec-family-specialist"),
            ("ECMHS", "ec-mh-specialist"),
            ("ECMHM-C", "ec-mentor-clinical"),
            ("ECMHM-P", "ec-mentor-policy"),
            ("ECMHM-R/F", "ec-mentor-research-faculty"),
        ]
    )
    assert (
        lines[8] == "  default for: IFA, IFS, IMHS, ECFA, ECFS, ECMHS, ECMHM-C, ECMHM-P, ECMHM-R/F"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--portfolios", "0"], "--portfolios: must be at least 1, got 0"),
        (["--repeat", "-1"], "--repeat: must be at least 1, got -1"),
    ],
)
def test_bench_refuses_nonsense_counts(capsys, args, line):
    assert main(["bench", *args]) == 2
    assert capsys.readouterr().err == line + "\n"


def test_bench_prints_its_figures(capsys):
    assert main(["bench", "--portfolios", "5", "--repeat", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(
        r"endorse bench: 5 synthetic Mentor – Clinical portfolios, \d+ entries each on average, 1 interleaved rounds",
        lines[0],
    )
    assert [line.split("  ")[0] for line in lines[3:10]] == [
        "evaluate, parsing excluded",
        "parse + evaluate",
        "evaluations per second",
        "floor loop (touch entries)",
        "ratio evaluate / floor",
        "json.loads of the same text",
        "ratio parse+evaluate / json",
    ]
    # Then one portfolio per category under 2025, one line each (RULES-categories.md 1).
    assert lines[10].startswith("per category, policy 2025: 1 portfolios each, 1 rounds")
    assert [line.split()[0] for line in lines[11:]] == [
        "family-associate",
        "family-specialist",
        "mh-specialist",
        "mentor-clinical",
        "mentor-policy",
        "mentor-research-faculty",
        "ec-family-associate",
        "ec-family-specialist",
        "ec-mh-specialist",
        "ec-mentor-clinical",
        "ec-mentor-policy",
        "ec-mentor-research-faculty",
    ]


def test_worker_refuses_a_negative_interval(capsys):
    assert main(["worker", "--interval", "-1"]) == 2
    assert capsys.readouterr().err == "--interval: must not be negative, got -1.0\n"


def test_a_bad_smtp_url_stops_the_worker_naming_the_variable(tmp_path):
    status, _, err = run(
        "worker",
        "--once",
        env={"ENDORSE_SMTP_URL": "mail://example.org", "ENDORSE_DATA_DIR": str(tmp_path)},
    )
    assert (status, err.splitlines()[-1]) == (
        2,
        "settings: ENDORSE_SMTP_URL must look like smtp://user:password@host:port "
        "(smtp+tls:// for STARTTLS, smtps:// for TLS from the start).",
    )


def test_grant_role_names_a_missing_person(db, capsys):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=r"email: nobody has the address nobody@example\.org"):
        call_command("grant_role", "nobody@example.org", "reviewer")


def test_grant_role_gives_and_takes_a_role(db):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management import CommandError, call_command

    from endorse.accounts.roles import has_role

    from .conftest import make_person

    person = make_person("helper@example.org")
    with pytest.raises(CommandError, match=r"email: helper@example\.org has no authenticator app"):
        call_command("grant_role", "HELPER@example.org", "reviewer")
    assert not has_role(User.objects.get(pk=person.pk), "reviewer")
    TOTP.activate(person, generate_totp_secret())
    call_command("grant_role", "HELPER@example.org", "reviewer")
    assert has_role(User.objects.get(pk=person.pk), "reviewer")
    call_command("grant_role", "helper@example.org", "reviewer", "--remove")
    assert not has_role(User.objects.get(pk=person.pk), "reviewer")
