"""The workspace's section registry reads what each section is from the evidence table."""

import pytest
from django.urls import reverse, set_script_prefix

from endorse.applications.domain import section_of
from endorse.applications.evidence import EVIDENCE
from endorse.workspace.presenters import url_pattern
from endorse.workspace.sections import SECTIONS


def test_the_workspace_shows_every_evidence_section_in_the_tables_order():
    assert list(SECTIONS) == [s.slug for s in EVIDENCE]


def test_section_of_an_entry_is_its_sections_key():
    assert {key: section_of(s.model()) for key, s in SECTIONS.items()} == {
        key: key for key in SECTIONS
    }


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("applications:entry_edit", (12, "trainings")),
        ("applications:entry_delete", (12, "trainings")),
        ("applications:document_remove", (12,)),
        ("applications:transcript_upload", (12,)),
    ],
)
def test_a_url_pattern_gives_what_reversing_each_row_gives(name, args):
    pattern = url_pattern(name, *args)

    assert [pattern(pk) for pk in (1, 12, 90071)] == [
        reverse(name, args=[*args, pk]) for pk in (1, 12, 90071)
    ]


def test_a_url_pattern_keeps_an_associations_address_prefix():
    set_script_prefix("/a/vt-aimh/")
    try:
        pattern = url_pattern("applications:entry_edit", 3, "degrees")
    finally:
        set_script_prefix("/")

    assert pattern(4) == "/a/vt-aimh/applications/3/degrees/4/"
