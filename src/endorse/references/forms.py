"""The rater's forms: the rating, built from the versioned questions, and declining."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from .models import Rating
from .questions import NOT_ENOUGH_INFORMATION, Questions


def item_field(item_id: str) -> str:
    return f"item_{item_id}"


class RatingForm(forms.Form):
    """Every field is optional so a draft can be saved part-done; submitting checks completeness
    in the domain function, whose answer becomes field errors here."""

    def __init__(self, *args: Any, questions: Questions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        choices = [*questions.scale, (NOT_ENOUGH_INFORMATION, questions.not_enough_information)]
        for item in questions.items:
            self.fields[item_field(item.id)] = forms.ChoiceField(
                label=item.text, choices=choices, required=False, widget=forms.RadioSelect
            )
        self.fields["known_years"] = forms.DecimalField(
            label="How many years have you known the applicant?",
            help_text="Years, for example 3 or 1.5.",
            min_value=Decimal(0),
            max_value=Decimal(80),
            decimal_places=1,
            required=False,
        )
        self.fields["recommendation"] = forms.ChoiceField(
            label="Your recommendation",
            choices=list(questions.recommendations),
            required=False,
            widget=forms.RadioSelect,
        )
        for name in (
            *(item_field(item.id) for item in questions.items),
            "known_years",
            "recommendation",
        ):
            # Optional for a draft, needed to submit: not labelled "(optional)".
            self.fields[name].needed_to_submit = True  # type: ignore[attr-defined]
        self.fields["comments"] = forms.CharField(
            label="Comments",
            help_text="Anything that helps the reviewers understand your ratings.",
            required=False,
            max_length=10000,
            widget=forms.Textarea(attrs={"rows": 6}),
        )

    @classmethod
    def initial_from(cls, rating: Rating | None) -> dict[str, Any]:
        if rating is None:
            return {}
        initial: dict[str, Any] = {item_field(k): v for k, v in rating.answers.items()}
        initial.update(
            known_years=rating.known_years,
            recommendation=rating.recommendation,
            comments=rating.comments,
        )
        return initial

    def domains(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (domain.title, [self[item_field(item.id)] for item in domain.items])
            for domain in self.questions.domains
        ]

    def answers(self) -> dict[str, str]:
        return {
            item.id: self.cleaned_data.get(item_field(item.id)) or ""
            for item in self.questions.items
        }

    def show_missing(self, missing: list[str]) -> None:
        items = {item.id for item in self.questions.items}
        for name in missing:
            if name in items:
                self.add_error(
                    item_field(name),
                    f"Choose a rating, or “{self.questions.not_enough_information}”.",
                )
            elif name == "known_years":
                self.add_error(name, "Enter how many years you have known the applicant.")
            else:
                self.add_error(name, "Choose your recommendation.")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining?",
        help_text="This goes to the endorsement coordinator, not to the applicant.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
