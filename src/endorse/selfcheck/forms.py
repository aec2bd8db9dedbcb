from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from endorse.dates import BoundedDates
from endorse.eligibility import policy_names
from endorse.uploads import check_portfolio_upload

from . import guide
from .samples import get_sample, list_samples


class CheckForm(BoundedDates, forms.Form):
    """One portfolio from exactly one source (pasted, uploaded or a sample), plus options."""

    sample = forms.ChoiceField(label="Example portfolio", required=False)
    portfolio_text = forms.CharField(
        label="Paste a portfolio file",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "usa-textarea", "spellcheck": "false"}),
    )
    portfolio_file = forms.FileField(
        label="Or upload a portfolio file",
        required=False,
        help_text="A .json file in the imh-portfolio/1 format.",
        widget=forms.ClearableFileInput(
            attrs={"class": "usa-file-input", "accept": ".json,application/json"}
        ),
    )
    policy = forms.ChoiceField(label="Policy version", required=False)
    as_of = forms.DateField(
        label="Evaluation date",
        required=False,
        help_text="Leave empty to use the date in the file, or today.",
        widget=forms.DateInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sample = self.fields["sample"]
        policy = self.fields["policy"]
        assert isinstance(sample, forms.ChoiceField)
        assert isinstance(policy, forms.ChoiceField)
        sample.choices = [("", "- Choose an example -")] + [
            (s.name, s.title) for s in list_samples()
        ]
        policy.choices = [("", "As named in the file (seed when absent)")] + [
            (name, name) for name in policy_names()
        ]
        self.fields["sample"].widget.attrs["class"] = "usa-select"
        self.fields["policy"].widget.attrs["class"] = "usa-select"

    def clean_portfolio_file(self) -> Any:
        return check_portfolio_upload(self.cleaned_data.get("portfolio_file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("sample", "portfolio_text", "portfolio_file") if data.get(name)]
        if not given:
            raise forms.ValidationError("Choose an example, paste a portfolio file or upload one.")
        if len(given) > 1:
            raise forms.ValidationError(
                "Give one portfolio at a time: an example, a pasted file or an upload."
            )
        return data

    def portfolio_source(self) -> tuple[str, str | bytes]:
        """(a name for the source, the file's text) of a valid form."""
        data = self.cleaned_data
        if data.get("sample"):
            sample = get_sample(data["sample"])
            assert sample is not None  # the choice field allows only existing samples
            return f"example {sample.name}", sample.path.read_bytes()
        if data.get("portfolio_file"):
            upload = data["portfolio_file"]
            return upload.name, upload.read()
        return "pasted text", data["portfolio_text"]


def _number(label: str, *, most: int, step: str = "0.5") -> forms.DecimalField:
    """A count or a number of hours or years: optional (an empty answer is 0), never negative."""
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=most,
        decimal_places=1,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "usa-input usa-input--small", "step": step}),
    )


class GuideForm(forms.Form):
    """The category guide's questions; every answer has a default, so a partial form still works."""

    degree = forms.ChoiceField(
        label="Your highest degree", choices=guide.DEGREES, widget=forms.RadioSelect
    )
    licensed = forms.BooleanField(
        label="I hold a current mental health licence (or am licence-eligible)", required=False
    )
    work_kinds = forms.MultipleChoiceField(
        label="What does your paid work with young children and families include?",
        choices=guide.WORK,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    work_years = _number("Years of that work", most=60)
    families = _number("About how many families have you worked with?", most=100000, step="1")
    band = forms.ChoiceField(
        label="Which ages do you work with?", choices=guide.BANDS, widget=forms.RadioSelect
    )
    training_hours = _number("Hours of relationship-based training you have completed", most=10000)
    dei_hours = forms.BooleanField(
        label="At least 3 of those hours were on diversity, equity and inclusion", required=False
    )
    rsc_provision_hours = forms.BooleanField(
        label="At least 15 of those hours were on providing reflective supervision/consultation",
        required=False,
    )
    rsc_hours = _number(
        "Hours of reflective supervision/consultation (RS/C) you received in the last year",
        most=10000,
    )
    leads = forms.BooleanField(
        label="I lead work in the infant or early childhood field beyond my own job "
        "(at a regional or state level)",
        required=False,
    )

    def answers(self) -> guide.Answers:
        data = self.cleaned_data
        return guide.Answers(
            degree=data["degree"],
            licensed=data["licensed"],
            work_kinds=tuple(data["work_kinds"]),
            work_years=data["work_years"] or Decimal(0),
            families=int(data["families"] or 0),
            band=data["band"],
            training_hours=data["training_hours"] or Decimal(0),
            dei_hours=data["dei_hours"],
            rsc_provision_hours=data["rsc_provision_hours"],
            rsc_hours=data["rsc_hours"] or Decimal(0),
            leads=data["leads"],
        )
