"""Staff forms: the queue's filters, verification, assignment, reviews and decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from endorse.accounts.models import User
from endorse.applications.enums import COMPETENCY_DOMAINS, Category, Status
from endorse.dates import BoundedDates
from endorse.workspace.sections import SECTIONS

from .enums import Outcome
from .queries import SORTS, QueueFilter

SECTION_CHOICES = [(key, s.title) for key, s in SECTIONS.items()] + [
    ("ethics", "Code of Ethics and Endorsement Agreement")
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="Search name, email or endorsement number", required=False)
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Status.choices], required=False
    )
    category = forms.ChoiceField(
        label="Category", choices=[("", "Any category"), *Category.choices], required=False
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("submitted", "Newest submission"),
            ("oldest", "Oldest submission"),
            ("updated", "Recently changed"),
            ("name", "Name"),
        ],
        required=False,
    )
    mine = forms.BooleanField(label="Only what needs my action", required=False)

    def chosen(self) -> QueueFilter:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "submitted"
        return QueueFilter(
            status=data.get("status") or "",
            category=data.get("category") or "",
            q=data.get("q") or "",
            sort=sort if sort in SORTS else "submitted",
            mine=bool(data.get("mine")),
        )


class ReviewerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name or obj.email} ({obj.email})"


class AssignForm(forms.Form):
    def __init__(self, *args: Any, reviewers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [r.pk for r in reviewers]
        for name, label in (("first", "Reviewer 1"), ("second", "Reviewer 2")):
            self.fields[name] = ReviewerChoiceField(
                label=label, queryset=User.objects.filter(pk__in=ids).order_by("name", "email")
            )


class _OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices, widget=forms.RadioSelect)
    sections = forms.MultipleChoiceField(
        label="Sections to reopen (on hold)",
        choices=SECTION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label="Reason (for on hold or defer; the applicant reads it)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, outcomes: list[Outcome] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            field = self.fields["outcome"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(o.value, o.label) for o in outcomes]


class ReviewForm(_OutcomeForm):
    competencies = forms.MultipleChoiceField(
        label="Competency domains the evidence shows",
        choices=COMPETENCY_DOMAINS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comments = forms.CharField(
        label="Comments for the coordinator and the other reviewer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_order = ("competencies", "comments", "outcome", "sections", "reason")


class DecisionForm(_OutcomeForm):
    pass


class JudgeForm(forms.Form):
    accepted = forms.TypedChoiceField(
        choices=[("yes", "Accept"), ("no", "Do not accept")], coerce=lambda v: v == "yes"
    )
    reason = forms.CharField(required=False, max_length=2000)


class MembershipVerifyForm(BoundedDates, forms.Form):
    expires_on = forms.DateField(
        label="Expiry date in the association's records (if different)",
        required=False,
        widget=forms.DateInput(),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))
