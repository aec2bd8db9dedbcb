"""The public self-check page: the same verdict as the CLI, from the same code, and clear errors."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from endorse.eligibility import check_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
URL = "/check/"


def statuses(html):
    """(overall, {requirement id: status}) as rendered on the page."""
    overall = re.search(r'data-overall="([a-z_]+)"', html).group(1)
    return overall, dict(re.findall(r'data-requirement="([a-z_]+)" data-status="([a-z_]+)"', html))


def cli_statuses(name, **kwargs):
    result = check_text((EXAMPLES / f"{name}.json").read_bytes(), **kwargs)
    return result.overall, {r.id: r.status for r in result.requirements}


def test_home_links_to_the_check(client):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("selfcheck:check") == URL
    assert f'href="{URL}"' in response.text


def test_check_form_offers_every_example(client):
    response = client.get(URL)
    assert response.status_code == 200
    select = re.search(r'<select name="sample".*?</select>', response.text, re.S).group(0)
    offered = re.findall(r'<option value="([^"]+)"', select)
    assert offered == sorted(p.stem for p in EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.json")))
def test_sample_shows_the_same_verdict_as_the_cli(client, name):
    response = client.get(URL, {"sample": name})
    assert response.status_code == 200
    assert statuses(response.text) == cli_statuses(name)


def test_pasted_portfolio_is_evaluated_with_policy_and_date(client):
    text = (EXAMPLES / "clinical-complete.json").read_text()
    response = client.post(URL, {"portfolio_text": text, "policy": "2024", "as_of": "2027-09-30"})
    assert response.status_code == 200
    assert statuses(response.text) == cli_statuses(
        "clinical-complete", policy="2024", as_of=__import__("datetime").date(2027, 9, 30)
    )
    assert "policy <strong>2024</strong> · as of 30 September 2027" in response.text


def test_uploaded_portfolio_is_evaluated(client):
    upload = SimpleUploadedFile(
        "mine.json", (EXAMPLES / "policy-ready-for-exam.json").read_bytes(), "application/json"
    )
    response = client.post(URL, {"portfolio_file": upload})
    assert response.status_code == 200
    assert statuses(response.text)[0] == "ready_for_exam"
    assert "Result for mine.json" in response.text


def test_checklist_shows_numbers_missing_items_and_dates(client):
    response = client.get(URL, {"sample": "clinical-in-progress"})
    html = response.text
    assert (
        '<progress id="progress-training" max="30" value="23">23.5 of 30 hours</progress>' in html
    )
    assert "6.5 more hours of relationship-based training." in html
    assert "<strong>Could be met on 2 June 2027</strong> if it continues." in html
    assert "<code>r11</code>: provider not approved" in html


def test_invalid_portfolio_lists_each_problem_by_path(client):
    response = client.post(
        URL, {"portfolio_text": (EXAMPLES / "invalid" / "bad-input.json").read_text()}
    )
    assert response.status_code == 400
    problems = re.findall(r"<li><code>([^<]+)</code>: ([^<]+)</li>", response.text)
    assert problems[:2] == [
        ("degrees.0.conferred_on", "2025-02-30 is not a real date"),
        ("trainings.0.hours", "must not be negative, got -2"),
    ]
    assert len(problems) == 7
    assert "The portfolio file has 7 problems" in response.text


def test_not_json_is_a_clear_error(client):
    response = client.post(URL, {"portfolio_text": "not json at all"})
    assert response.status_code == 400
    assert (
        "<code>(document)</code>: not valid JSON: Expecting value: line 1 column 1 (char 0)"
        in response.text
    )


def test_nothing_given_asks_for_a_portfolio(client):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Choose an example, paste a portfolio file or upload one." in response.text


def test_two_sources_at_once_are_refused(client):
    response = client.post(URL, {"sample": "clinical-complete", "portfolio_text": "{}"})
    assert response.status_code == 400
    assert "Give one portfolio at a time" in response.text


def test_unknown_sample_is_a_field_error(client):
    response = client.get(URL, {"sample": "../../etc/passwd"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.text


def test_invalid_date_option_is_a_field_error_and_keeps_the_text(client):
    text = (EXAMPLES / "clinical-complete.json").read_text()
    response = client.post(URL, {"portfolio_text": text, "as_of": "2025-02-30"})
    assert response.status_code == 400
    assert "Enter a real date, for example 2019-06-30." in response.text
    assert "Maya Thompson" in response.text  # what was pasted is still in the form


def test_oversize_upload_is_refused(client, settings):
    settings.ENDORSE_PORTFOLIO_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.json", b" " * 1001 + b"{}", "application/json")
    response = client.post(URL, {"portfolio_file": upload})
    assert response.status_code == 400
    assert "The file is larger than 0 KB" in response.text


def test_post_needs_a_csrf_token():
    response = Client(enforce_csrf_checks=True).post(URL, {"sample": "clinical-complete"})
    assert response.status_code == 403


def test_pages_send_a_content_security_policy_without_inline_script(client):
    response = client.get(URL)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.text


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/static/vendor/uswds/css/uswds.min.css", "text/css"),
        ("/static/endorse/site.css", "text/css"),
        ("/static/vendor/uswds/js/uswds.min.js", "text/javascript"),
    ],
)
def test_vendored_assets_are_served(client, path, content_type):
    response = client.get(path)
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (200, content_type)
    assert len(b"".join(response.streaming_content)) > 1000


def test_rsc_timeline_shows_the_window_against_one_and_two_years(client):
    response = client.get(URL, {"sample": "clinical-rsc-under-a-year"})
    html = response.text
    assert (
        'aria-label="RS/C window from 1 May 2026 to 31 October 2026; 1 year is reached on '
        '30 April 2027; it may last at most 2 years, to 30 April 2028"'
    ) in html
    # 184 of 731 days covered; the year mark at 365 of 731 days.
    assert '<rect class="timeline__window" x="0" y="4" width="25.17" height="6"></rect>' in html
    assert 'x1="49.93" x2="49.93"' in html
    assert "1 year on 30 April 2027; at most 2 years, to 30 April 2028." in html
