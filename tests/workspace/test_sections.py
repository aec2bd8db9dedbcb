"""The workspace's section registry and the section key each evidence model carries."""

from endorse.applications.domain import section_of
from endorse.workspace.sections import SECTIONS


def test_every_section_model_carries_its_own_key():
    assert {key: s.model.section_key for key, s in SECTIONS.items()} == {
        key: key for key in SECTIONS
    }


def test_section_of_an_entry_is_its_sections_key():
    assert {key: section_of(s.model()) for key, s in SECTIONS.items()} == {
        key: key for key in SECTIONS
    }
