"""The workspace's section registry reads what each section is from the evidence table."""

from endorse.applications.domain import section_of
from endorse.applications.evidence import EVIDENCE
from endorse.workspace.sections import SECTIONS


def test_the_workspace_shows_every_evidence_section_in_the_tables_order():
    assert list(SECTIONS) == [s.slug for s in EVIDENCE]


def test_section_of_an_entry_is_its_sections_key():
    assert {key: section_of(s.model()) for key, s in SECTIONS.items()} == {
        key: key for key in SECTIONS
    }
