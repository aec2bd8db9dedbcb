"""Demo people for local instances."""

import pytest

from endorse.accounts.models import User
from endorse.applications.demo import DEMO_PASSWORD, demo_create
from endorse.applications.models import Application


@pytest.mark.django_db
def test_demo_people_at_different_stages_once(settings):
    settings.DEBUG = True
    logins = demo_create()
    assert logins[0].email == "coordinator@example.org"
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "approved_for_exam",
        "draft",
        "draft",
        "endorsed",
        "submitted",
    ]
    coordinator = User.objects.get(email="coordinator@example.org")
    assert (coordinator.is_staff, coordinator.check_password(DEMO_PASSWORD)) == (True, True)
    assert demo_create() == []
    assert Application.objects.count() == 5


@pytest.mark.django_db
def test_demo_refuses_outside_debug_mode(settings):
    settings.DEBUG = False
    with pytest.raises(RuntimeError, match="local instances only"):
        demo_create()
    assert User.objects.count() == 0
