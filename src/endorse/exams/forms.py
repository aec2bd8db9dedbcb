from __future__ import annotations

from typing import Any

from django import forms

from endorse.applications.enums import Status
from endorse.applications.models import Application
from endorse.dates import BoundedDates


class SittingForm(BoundedDates, forms.Form):
    held_on = forms.DateField(label="Date", widget=forms.DateInput())
    place = forms.CharField(label="Place", max_length=200)


class ApprovedApplicationField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.applicant.name or obj.applicant.email} — {obj.get_category_display()}"


class RegisterForm(forms.Form):
    application = ApprovedApplicationField(
        label="Applicant approved to sit the exam", queryset=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is made, inside the request's association scope.
        field = self.fields["application"]
        assert isinstance(field, ApprovedApplicationField)
        field.queryset = (
            Application.objects.filter(status=Status.APPROVED_FOR_EXAM)
            .select_related("applicant")
            .order_by("applicant__name")
        )


class Part1Form(forms.Form):
    """A Part 1 score, out of the questions of the candidate's exam (`questions`)."""

    def __init__(self, *args: Any, questions: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        out_of_range = f"Enter a score from 0 to {questions}."
        self.fields["score"] = forms.IntegerField(
            label=f"Part 1 score (of {questions})",
            min_value=0,
            max_value=questions,
            error_messages={
                "required": out_of_range,
                "invalid": out_of_range,
                "min_value": out_of_range,
                "max_value": out_of_range,
            },
        )


class MarkForm(forms.Form):
    passed = forms.TypedChoiceField(
        label="Part 2 result",
        choices=[("yes", "Pass"), ("no", "Fail")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label="Feedback for the candidate",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class Part2ResponseForm(forms.Form):
    file = forms.FileField(
        label="The candidate's Part 2 responses (PDF)",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".pdf"}),
    )
