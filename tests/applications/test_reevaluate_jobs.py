"""Re-evaluation in several processes (`endorse reevaluate --jobs N`): the same verdicts, the
same report and the same rows written as in one process."""

import json
from datetime import date

import pytest

from endorse.applications.bulk import verdicts
from endorse.applications.domain import applications_reevaluate
from endorse.applications.models import Application, ApplicationEvent
from endorse.devtools.population import populate

TODAY = date(2026, 12, 2)


@pytest.fixture
def committed_population(settings, transactional_db):
    """Rows the worker processes can read: committed, not inside the test's transaction."""
    settings.DEBUG = True  # the demo people are for local instances only
    populate(applicants=40, seed=11)
    return list(Application.objects.order_by("pk").values_list("pk", flat=True))


def test_verdicts_in_two_processes_are_those_of_one_in_the_same_order(committed_population):
    ids = committed_population

    one = list(verdicts(ids, policy="2024", today=TODAY, jobs=1, chunk=7))
    two = list(verdicts(ids, policy="2024", today=TODAY, jobs=2, chunk=7))

    assert [v.pk for v in one] == ids
    assert json.dumps(two) == json.dumps(one)


def _written():
    """The policy changes written, byte for byte, and each application's policy."""
    events = ApplicationEvent.objects.filter(kind="policy_changed").order_by("pk")
    return (
        json.dumps([(e.application_id, e.data) for e in events]),
        list(Application.objects.order_by("pk").values_list("pk", "policy")),
    )


def test_applying_a_policy_in_two_processes_writes_what_one_process_writes(committed_population):
    before = dict(Application.objects.values_list("pk", "policy"))
    one = applications_reevaluate(policy="2024", apply=True, today=TODAY, jobs=1, chunk=7)
    written_by_one = _written()
    # Back to where it was, then the same in two processes.
    ApplicationEvent.objects.filter(kind="policy_changed").delete()
    for pk, policy in before.items():
        Application.objects.filter(pk=pk).update(policy=policy)

    two = applications_reevaluate(policy="2024", apply=True, today=TODAY, jobs=2, chunk=7)

    assert one.moved > 0
    assert (two.applications, two.overall, two.not_met, two.moved) == (
        one.applications,
        one.overall,
        one.not_met,
        one.moved,
    )
    assert _written() == written_by_one


def test_several_processes_refuse_rows_not_yet_committed(db):
    with pytest.raises(RuntimeError, match="committed rows"):
        list(verdicts([1, 2, 3], policy=None, today=TODAY, jobs=2, chunk=1))
