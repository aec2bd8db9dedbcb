"""Re-evaluation under a policy that does not offer every category held: refused, by name,
before anything is evaluated or moved (`endorse reevaluate --policy NAME`)."""

from __future__ import annotations

import pytest

from endorse.applications import domain
from endorse.applications.models import Application
from endorse.cli import main

from ..conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def associate_draft():
    person = make_person("associate@example.org", "Ada Associate")
    return domain.application_start(applicant=person, category="family-associate")


def test_reevaluating_under_a_policy_without_a_held_category_is_refused(associate_draft):
    with pytest.raises(ValueError, match="does not offer") as refused:
        domain.applications_reevaluate(policy="seed", apply=True)

    assert str(refused.value) == (
        "policy 'seed' does not offer family-associate, which applications hold; it offers "
        "mentor-clinical, mentor-policy, mentor-research-faculty"
    )
    assert Application.objects.get(pk=associate_draft.pk).policy == associate_draft.policy


def test_the_command_names_the_policy_and_exits_2(associate_draft, capsys):
    code = main(["reevaluate", "--policy", "seed"])

    assert code == 2
    assert capsys.readouterr().err == (
        "--policy: policy 'seed' does not offer family-associate, which applications hold; "
        "it offers mentor-clinical, mentor-policy, mentor-research-faculty\n"
    )


def test_a_policy_offering_every_held_category_re_evaluates(associate_draft, capsys):
    code = main(["reevaluate", "--policy", "2025"])

    assert code == 0
    assert capsys.readouterr().out.startswith("1 applications evaluated under policy 2025 in ")
