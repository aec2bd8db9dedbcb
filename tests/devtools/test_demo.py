"""Demo people for local instances."""

import pytest

from endorse.accounts.models import User
from endorse.applications.models import Application
from endorse.devtools.demo import DEMO_PASSWORD, demo_create


@pytest.mark.django_db
def test_demo_people_at_different_stages_once(settings):
    settings.DEBUG = True
    logins = demo_create()
    assert logins[0].email == "coordinator@example.org"
    assert sorted(Application.objects.values_list("category", "status")) == [
        ("ec-family-associate", "submitted"),
        ("ec-family-specialist", "endorsed"),
        ("ec-mentor-clinical", "endorsed"),
        ("family-associate", "draft"),
        ("family-associate", "endorsed"),
        ("family-specialist", "draft"),
        ("family-specialist", "under_review"),
        ("mentor-clinical", "draft"),
        ("mentor-clinical", "draft"),
        ("mentor-clinical", "endorsed"),
        ("mentor-policy", "approved_for_exam"),
        ("mentor-research-faculty", "submitted"),
        ("mh-specialist", "draft"),
        ("mh-specialist", "submitted"),
    ]
    coordinator = User.objects.get(email="coordinator@example.org")
    assert (coordinator.is_staff, coordinator.check_password(DEMO_PASSWORD)) == (True, True)
    assert demo_create() == []
    assert Application.objects.count() == 14


@pytest.mark.django_db
def test_demo_refuses_outside_debug_mode(settings):
    settings.DEBUG = False
    with pytest.raises(RuntimeError, match="local instances only"):
        demo_create()
    assert User.objects.count() == 0


def test_demo_staff_have_roles_and_a_second_factor_whose_code_is_printed(settings, db):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    from endorse.accounts.roles import has_role, has_two_factor
    from endorse.devtools.demo import DEMO_TOTP_SECRET, demo_code, demo_create

    settings.DEBUG = True
    demo_create()
    coordinator = User.objects.get(email="coordinator@example.org")
    examiner = User.objects.get(email="eli.examiner@example.org")
    assert (has_role(coordinator, "coordinator"), has_two_factor(coordinator)) == (True, True)
    assert (has_role(examiner, "exam_reviewer"), has_role(examiner, "coordinator")) == (True, False)
    assert validate_totp_code(DEMO_TOTP_SECRET, demo_code())


@pytest.mark.django_db
def test_demo_has_enough_exam_reviewers_to_mark_without_role_changes(settings):
    """Usability findings: two markers and a third for a disagreement, none a reviewer."""
    from endorse.accounts.roles import has_role

    settings.DEBUG = True
    demo_create()
    markers = [p for p in User.objects.all() if has_role(p, "exam_reviewer")]
    assert len(markers) == 3
    assert not any(has_role(p, "reviewer") for p in markers)
