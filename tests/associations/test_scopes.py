"""Isolation by construction: every association-owned model is read through a scoped manager,
and a query outside an association's scope fails loudly instead of reading every association."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django_scopes import ScopeError, scope, scopes_disabled
from django_scopes.state import state

from endorse.applications.models import Application

from ..conftest import imported, make_association, make_person

# Models read without an association scope, each for a reason.
UNSCOPED = {
    "accounts.user": "one account across associations",
    "associations.association": "the associations themselves",
    "registry.numbersequence": "one row per number prefix; each association has its own prefix",
    "references.questionset": "a rating form's wording, no one's data, shared by every rating under it",
}


@contextmanager
def no_association() -> Iterator[None]:
    """Outside every association's scope (as a job or command that forgot to enter one)."""
    token = state.set({})
    try:
        yield
    finally:
        state.reset(token)


def _ours():
    return [m for m in apps.get_models() if m.__module__.startswith("endorse.")]


def _scoped(model) -> bool:
    return hasattr(model._default_manager, "with_scopes_disabled")


def test_every_model_of_the_product_is_scoped_or_named_as_shared():
    assert sorted(m._meta.label_lower for m in _ours() if not _scoped(m)) == sorted(UNSCOPED)


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if _scoped(m)], ids=lambda m: m._meta.label_lower
)
def test_an_unscoped_query_fails(model, db):
    with no_association(), pytest.raises(ScopeError):
        list(model.objects.all())
    with no_association(), pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()


def test_a_scope_sees_only_its_own_association(applicant):
    mine = imported(applicant, "clinical-in-progress")
    other = make_association("oh")
    with scope(association=other):
        theirs = imported(make_person("otto@example.org"), "clinical-in-progress")
        seen_there = list(Application.objects.values_list("pk", flat=True))
    seen_here = list(Application.objects.values_list("pk", flat=True))
    with scopes_disabled():
        everywhere = sorted(Application.objects.values_list("pk", flat=True))
    assert (seen_here, seen_there, everywhere) == ([mine.pk], [theirs.pk], [mine.pk, theirs.pk])
    assert (mine.association.slug, theirs.association.slug) == ("mi-aimh", "oh")
