"""Forms: a message, a new thread (the applicant's question; staff's question, request or note),
a question to the association. Who may do what is the domain's to check; these check shape."""

from __future__ import annotations

from typing import Any

from django import forms

from endorse.applications.evidence import BY_SLUG
from endorse.dates import BoundedDates

from .domain import BODY_MAX, SUBJECT_MAX
from .enums import ThreadKind, Topic

BODY = forms.Textarea(attrs={"rows": 4})


class MessageForm(forms.Form):
    body = forms.CharField(label="Your message", max_length=BODY_MAX, widget=BODY)


class _Target(forms.Form):
    """What the thread is about: the whole application, a section, or one entry of a section."""

    section = forms.CharField(required=False, widget=forms.HiddenInput)
    entry = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_section(self) -> str:
        section: str = self.cleaned_data["section"]
        if section and section not in BY_SLUG:
            raise forms.ValidationError("Choose a section of the application.")
        return section


class QuestionForm(_Target):
    subject = forms.CharField(max_length=SUBJECT_MAX)
    body = forms.CharField(label="Your question", max_length=BODY_MAX, widget=BODY)


class StaffThreadForm(BoundedDates, _Target):
    kind = forms.ChoiceField(
        label="What is it",
        choices=[
            (ThreadKind.REQUEST.value, "A request for information (the applicant is asked)"),
            (ThreadKind.QUESTION.value, "A question to the applicant"),
            (ThreadKind.NOTE.value, "A staff note (never shown to the applicant)"),
        ],
        initial=ThreadKind.REQUEST,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(max_length=SUBJECT_MAX)
    body = forms.CharField(label="Message", max_length=BODY_MAX, widget=BODY)
    due_on = forms.DateField(
        label="Answer by (a request only)", required=False, widget=forms.DateInput()
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("due_on") and cleaned.get("kind") != ThreadKind.REQUEST:
            self.add_error("due_on", "Only a request has a date to answer by.")
        return cleaned


class SupportForm(forms.Form):
    topic = forms.ChoiceField(
        label="What is it about", choices=Topic.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(max_length=SUBJECT_MAX)
    body = forms.CharField(label="Your question", max_length=BODY_MAX, widget=BODY)
    page = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
