"""Bad input everywhere: generated portfolio files through the web import and the CLI, and
generated form data against every POST endpoint, as the person allowed to use it. Never a
500, never a traceback; a refused request writes nothing. Figures go to
test-artifacts/security/ (`make security`)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endorse.applications.models import Application, ApplicationEvent
from endorse.cli import main
from endorse.notifications.models import OutboxMessage

from ..conftest import EXAMPLES, sign_in
from ..eligibility.strategies import documents, mutated_documents
from .figures import record
from .test_access import ALLAUTH_KWARGS, ROWS, STAFF, _allauth, world  # noqa: F401 (the fixture)

FIELDS = [
    "name",
    "email",
    "role",
    "known_years",
    "waived",
    "capacity",
    "endorsement_level",
    "endorsement_number",
    "title",
    "hours",
    "start_on",
    "end_on",
    "type",
    "field",
    "institution",
    "conferred_on",
    "kind",
    "completed_on",
    "provider",
    "topics",
    "competencies",
    "employer",
    "position",
    "fte",
    "kinds",
    "supervised",
    "infant_and_parent",
    "designation",
    "activity",
    "level",
    "provider_name",
    "provider_endorsement",
    "format",
    "focus",
    "peer",
    "signed_name",
    "agree",
    "category",
    "phone",
    "association",
    "member_id",
    "expires_on",
    "listed",
    "state",
    "accepted",
    "reason",
    "approved",
    "first",
    "second",
    "outcome",
    "sections",
    "comments",
    "score",
    "passed",
    "feedback",
    "held_on",
    "place",
    "application",
    "action",
    "recommendation",
    "item_reflection-1",
    "item_thinking-2",
    "q",
    "status",
    "sort",
    "mine",
    "page",
]
NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "99999999999999999999",
            "1e309",
            "NaN",
            "2025-02-30",
            "0000-00-00",
            "9999-12-31",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\u202e\u0000",
            "x" * 5000,
            "yes",
            "no",
            "approve",
            "on_hold",
            "trainings",
            "verified",
        ]
    ),
)
FORMS = st.dictionaries(
    st.sampled_from(FIELDS), st.one_of(NASTY, st.lists(NASTY, max_size=3)), max_size=8
)
TRIED: dict[str, int] = {}


def _figure(name: str, count: int) -> None:
    record(f"bad-input-{name}", tried=count)


def _state():
    return (
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        OutboxMessage.objects.count(),
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=st.one_of(mutated_documents(), documents()), junk=st.binary(max_size=200))
def test_generated_portfolio_files_through_the_web_import(client, applicant, document, junk):
    sign_in(client, applicant)
    for content in (json.dumps(document).encode(), junk):
        before = _state()
        upload = SimpleUploadedFile("portfolio.json", content, content_type="application/json")
        response = client.post("/applications/import/", {"portfolio_file": upload})
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert _state() == before
        TRIED["import"] = TRIED.get("import", 0) + 1
    _figure("import", TRIED["import"])


def test_a_nul_inside_an_imported_file_is_a_problem_not_a_500(client, applicant):
    """Security review finding 12, kept closed: a NUL inside a portfolio file's text is refused
    with its path (PostgreSQL cannot store it), and nothing is written."""
    sign_in(client, applicant)
    document = json.loads((EXAMPLES / "clinical-in-progress.json").read_text())
    document["degrees"][0]["institution"] = "Wayne\u0000State"
    before = _state()
    upload = SimpleUploadedFile("portfolio.json", json.dumps(document).encode())
    response = client.post("/applications/import/", {"portfolio_file": upload})
    assert response.status_code == 400
    assert "<code>degrees.0.institution</code>: contains a NUL character" in response.text
    assert _state() == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=st.one_of(mutated_documents(), documents()))
def test_generated_portfolio_files_through_the_cli(tmp_path_factory, document, capsys):
    path = tmp_path_factory.mktemp("cli") / "portfolio.json"
    path.write_text(json.dumps(document))
    assert main(["check", str(path)]) in (0, 2)
    assert "Traceback" not in capsys.readouterr().err
    TRIED["cli"] = TRIED.get("cli", 0) + 1
    _figure("cli", TRIED["cli"])


def _allowed(audience: str) -> str | None:
    if audience == "owner" or audience == "own":
        return "applicant_a"
    if audience in STAFF:
        return sorted(STAFF[audience])[0]
    return None


POSTS = sorted(
    (name, needs, audience)
    for name, (methods, needs, audience) in ROWS.items()
    if "post" in methods and _allowed(audience)
)


@pytest.mark.parametrize(("name", "needs", "audience"), POSTS, ids=[p[0] for p in POSTS])
def test_generated_form_data_never_breaks_a_post_endpoint(world, name, needs, audience):  # noqa: F811
    client = Client(raise_request_exception=False)
    sign_in(client, world["people"][_allowed(audience)])
    url = reverse(name, kwargs=world["kwargs"][needs])
    count = 0

    @settings(max_examples=12, deadline=None, database=None)
    @given(form=FORMS)
    def post(form):
        nonlocal count
        before = _state()
        response = client.post(url, form)
        count += 1
        assert response.status_code < 500, (name, form)
        if response.status_code == 400:
            assert _state() == before, (name, form)

    post()
    _figure(name.replace(":", "-"), count)


# Every GET parameter a page of the product reads (its own forms and django-allauth's `next`).
GET_PARAMETERS = [
    "q",
    "status",
    "category",
    "sort",
    "mine",
    "page",
    "sample",
    "portfolio_text",
    "policy",
    "as_of",
    "next",
    "from",
    "section",
    "entry",
]
NUL = "a\x00b"


def _with_nul_in_path(url: str) -> str:
    """The URL with a NUL (%00) at the end of its last segment, where a page's key usually is:
    /verify/IMH-M-00099/ → /verify/IMH-M-00099%00/."""
    return f"{url.rstrip('/')}%00/" if url.endswith("/") else f"{url}%00"


def test_a_nul_anywhere_in_a_request_is_refused_at_the_door(world):  # noqa: F811
    """Security review finding 12: a NUL byte in the path, in any GET parameter or in a form
    field of any URL pattern of the product answers 400 (on PostgreSQL it was a 500: no text
    column can hold one), as the person allowed to use the page, and writes nothing."""
    names = [(name, needs, audience) for name, (_, needs, audience) in sorted(ROWS.items())]
    names += [(name, None, "framework") for name in sorted(_allauth())]
    answers, count = {}, 0
    for name, needs, audience in names:
        client = Client(raise_request_exception=False)
        persona = _allowed(audience)
        if persona:
            sign_in(client, world["people"][persona])
        url = reverse(name, kwargs=world["kwargs"][needs] if needs else ALLAUTH_KWARGS.get(name))
        before = _state()
        requests = [("get", _with_nul_in_path(url), {})]
        requests += [("get", url, {parameter: NUL}) for parameter in GET_PARAMETERS]
        requests += [("post", url, {field: NUL}) for field in ("name", "q", "comments")]
        for method, path, data in requests:
            response = getattr(client, method)(path, data)
            count += 1
            if response.status_code != 400 or "not allowed" not in response.content.decode():
                answers[(name, method, path, *data)] = response.status_code
        if _state() != before:
            answers[(name, "wrote")] = _state()
    assert answers == {}
    _figure("nul", count)
