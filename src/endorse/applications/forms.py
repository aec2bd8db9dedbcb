"""Applicant forms: one per evidence section. Staff-only fields are never on them."""

from __future__ import annotations

from typing import Any

from django import forms

from endorse.associations.models import Association
from endorse.dates import HappenedDates
from endorse.eligibility import load_policy
from endorse.uploads import check_portfolio_upload

from . import enums
from .domain import MOST_MONTHS, months_between
from .models import (
    Application,
    Certificate,
    Degree,
    LeadershipActivity,
    License,
    Rater,
    SupervisionEntry,
    Training,
    WorkEntry,
)
from .queries import category_needs, rater_email_problem

DATE = forms.DateInput(format="%Y-%m-%d")


def _multi(
    label: str, choices: list[tuple[str, str]], *, required: bool = False, help_text: str = ""
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class ApplicationForm(HappenedDates, forms.ModelForm):  # type: ignore[type-arg]
    """A section form that knows its application (some choices depend on the category); its
    dates lie in the accepted range, and those that mean "already happened" (`happened`) are
    not after today."""

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application


class EvidenceForm(ApplicationForm):
    """Shared by every section: competency domains, and an end that is not before the start.

    Fields the application's category does not read are left off (`shown_when`: field name →
    the `CategoryNeeds` flag that shows it); an entry's age bands start at the category's."""

    competencies = _multi(
        "Competency domains this shows",
        enums.COMPETENCY_DOMAINS,
        help_text="Tick every domain of the Competency Guidelines this entry documents.",
    )
    shown_when: dict[str, str] = {}

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        needs = category_needs(application)
        for name, flag in self.shown_when.items():
            if not getattr(needs, flag):
                del self.fields[name]
        if "age_bands" in self.fields and not self.initial.get("age_bands"):
            # A new entry starts at the category's band; a stored one without bands is infant.
            self.initial["age_bands"] = [needs.band if self.instance.pk is None else "infant"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", "The end date is before the start date.")
        return data


class DegreeForm(EvidenceForm):
    happened = {
        "conferred_on": "The date conferred cannot be after today: add the degree once it "
        "has been conferred."
    }

    class Meta:
        model = Degree
        fields = ("type", "field", "institution", "conferred_on", "competencies")
        widgets = {"conferred_on": DATE}


class CertificateForm(EvidenceForm):
    happened = {
        "completed_on": "The date completed cannot be after today: add the certificate once "
        "you have completed it."
    }

    class Meta:
        model = Certificate
        fields = ("kind", "title", "institution", "completed_on", "competencies")
        widgets = {"completed_on": DATE}


class LicenseForm(EvidenceForm):
    happened = {
        "issued_on": "The date issued cannot be after today: add the licence once it is issued."
    }

    class Meta:
        model = License
        fields = ("kind", "jurisdiction", "number", "issued_on", "expires_on", "competencies")
        widgets = {"issued_on": DATE, "expires_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", "The expiry date is before the date issued.")
        return data


class TrainingForm(EvidenceForm):
    topics = _multi("Topics", enums.TRAINING_TOPICS)
    age_bands = _multi(
        "Age bands served or addressed",
        enums.AGE_BANDS,
        required=True,
        help_text="Tick each age band this entry served or addressed.",
    )
    shown_when = {"age_bands": "age_bands"}
    happened = {
        "start_on": "The date cannot be after today: add the training once you have attended it.",
        "end_on": "The last day cannot be after today: add the training once it has ended.",
    }

    class Meta:
        model = Training
        fields = (
            "title",
            "provider",
            "start_on",
            "end_on",
            "hours",
            "relationship_based",
            "topics",
            "age_bands",
            "competencies",
        )
        widgets = {"start_on": DATE, "end_on": DATE}
        labels = {
            "relationship_based": "Relationship-based (promotes social-emotional development or infant mental health practice)"
        }

    def clean_hours(self) -> Any:
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError("Enter the clock hours, more than 0.")
        return hours


class WorkForm(EvidenceForm):
    kinds = _multi("What this work documents", enums.WORK_KINDS, required=True)
    age_bands = _multi(
        "Age bands served or addressed",
        enums.AGE_BANDS,
        required=True,
        help_text="Tick each age band this entry served or addressed.",
    )
    shown_when = {
        "age_bands": "age_bands",
        "paid": "paid",
        "specialized_training": "volunteer_training",
        "families_served": "families",
        "social_emotional_focus": "families",
        "relationship_focus": "families",
        "license_status": "license_status",
        "internship": "internship",
        "internship_supervisor_name": "internship",
        "internship_supervisor_endorsement": "internship",
    }
    # An end still to come is a plan the engine counts up to today; a start cannot be.
    happened = {
        "start_on": "The start date cannot be after today: add this work once it has begun."
    }

    class Meta:
        model = WorkEntry
        fields = (
            "employer",
            "position",
            "start_on",
            "end_on",
            "fte",
            "kinds",
            "supervised",
            "infant_and_parent",
            "age_bands",
            "paid",
            "specialized_training",
            "families_served",
            "social_emotional_focus",
            "relationship_focus",
            "license_status",
            "internship",
            "internship_supervisor_name",
            "internship_supervisor_endorsement",
            "competencies",
        )
        widgets = {"start_on": DATE, "end_on": DATE}
        labels = {"paid": "Paid work (untick for volunteer work)"}
        help_texts = {
            "families_served": "How many families you served in this position.",
            "internship": "An internship before your licence, supervised by an endorsed "
            "supervisor.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("internship") and not (data.get("internship_supervisor_name") or "").strip():
            self.add_error("internship_supervisor_name", "Name who supervised the internship.")
        return data


OTHER = "other"


class LeadershipForm(EvidenceForm):
    """An activity from the designation's catalogue (the policy's examples), or another described."""

    choice = forms.ChoiceField(label="Activity")
    other = forms.CharField(
        label="Describe the activity",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when you chose “Another activity”.",
    )
    happened = {
        "start_on": "The start date cannot be after today: add this activity once it has begun."
    }

    class Meta:
        model = LeadershipActivity
        fields = ("designation", "choice", "other", "level", "start_on", "end_on", "competencies")
        widgets = {"start_on": DATE, "end_on": DATE}

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        policy = load_policy(application.policy)
        designation = policy.category(application.category).kind
        catalogue = policy.leadership.catalogue.get(designation, ())
        choice = self.fields["choice"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [
            ("", "- Choose -"),
            *((item, item) for item in catalogue),
            (OTHER, "Another activity"),
        ]
        if self.instance.pk is None:
            self.initial["designation"] = self.initial.get("designation") or designation
        elif self.instance.activity in catalogue:
            self.initial["choice"] = self.instance.activity
        else:
            self.initial.update(choice=OTHER, other=self.instance.activity)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("choice") == OTHER:
            if not (data.get("other") or "").strip():
                self.add_error("other", "Describe the activity.")
            else:
                self.instance.activity = data["other"].strip()
        elif data.get("choice"):
            self.instance.activity = data["choice"]
        return data


class SupervisionForm(EvidenceForm):
    """An RS/C entry; when adding, optionally a run of monthly sessions (one entry a month)."""

    repeat_monthly = forms.BooleanField(
        label="Repeat monthly: add one entry like this for each month up to the date below",
        required=False,
        help_text="Same provider, format and hours per session; each month gets its own entry.",
    )
    repeat_until = forms.DateField(
        label="Last session of the run",
        required=False,
        widget=DATE,
        help_text="Only when you ticked “Repeat monthly”.",
    )

    age_bands = _multi(
        "Age bands served or addressed",
        enums.AGE_BANDS,
        required=True,
        help_text="Tick each age band this entry served or addressed.",
    )
    shown_when = {"age_bands": "age_bands", "provider_ers": "provider_ers"}
    happened = {
        "start_on": "The start date cannot be after today: add this supervision once it has begun.",
        "repeat_until": "The last session cannot be after today: add sessions once they "
        "have happened.",
    }

    class Meta:
        model = SupervisionEntry
        fields = (
            "provider_name",
            "provider_endorsement",
            "provider_ers",
            "format",
            "start_on",
            "end_on",
            "hours",
            "focus",
            "peer",
            "age_bands",
            "competencies",
        )
        widgets = {"start_on": DATE, "end_on": DATE}
        labels = {"hours": "Hours (per session, when repeating monthly)"}

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        endorsement = self.fields["provider_endorsement"]
        assert isinstance(endorsement, forms.ChoiceField)
        endorsement.choices = [("", "- None or not known -"), *enums.PROVIDER_ENDORSEMENT_NAMES]
        if self.instance.pk is not None:  # a run is added at once; each entry is changed alone
            del self.fields["repeat_monthly"], self.fields["repeat_until"]

    def clean_hours(self) -> Any:
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError("Enter the clock hours received, more than 0.")
        return hours

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("repeat_monthly"):
            return data
        start, until = data.get("start_on"), data.get("repeat_until")
        if until is None:
            if "repeat_until" not in self.errors:
                self.add_error("repeat_until", "Enter the date of the last session of the run.")
        elif start is not None and until < start:
            self.add_error("repeat_until", "The last session is before the start date.")
        elif start is not None and len(months_between(start, until)) > MOST_MONTHS:
            self.add_error("repeat_until", f"A run covers at most {MOST_MONTHS} months.")
        return data


class RaterForm(ApplicationForm):
    """A reference rater; saving sends them the request (`endorse.references`)."""

    waived = forms.TypedChoiceField(
        label="Do you waive your right to see this rating?",
        choices=[
            ("yes", "Yes, I waive my right to see what this rater writes."),
            ("no", "No, I keep my right to ask the association for it."),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="The rater is told your choice. Ratings are never shown in your workspace.",
    )

    class Meta:
        model = Rater
        fields = (
            "name",
            "email",
            "role",
            "capacity",
            "known_years",
            "endorsement_level",
            "endorsement_number",
            "waived",
        )
        labels = {"email": "Their email address", "known_years": "Years they have known you"}
        help_texts = {
            "role": "Their role relative to you; each rating fills one of the slots your category needs.",
            "endorsement_level": "Only if they hold Endorsement®. At least one rating must come from someone endorsed at Level II, III or IV.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["waived"] = "yes" if self.instance.waived else "no"

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        problem = rater_email_problem(self.application, email, rater_pk=self.instance.pk)
        if problem:
            raise forms.ValidationError(problem)
        return email


class EthicsForm(forms.Form):
    signed_name = forms.CharField(label="Type your full name to sign", max_length=200)
    agree = forms.BooleanField(
        label="I have read and agree to the Code of Ethics and Endorsement Agreement above."
    )


def _category_choices(association: Association | None = None) -> list[tuple[str, str]]:
    return [
        (value, f"{label} ({enums.CATEGORIES[value].abbr}): {enums.category_purpose(value)}")
        for value, label in enums.Category.choices
        if association is None or association.offers(value)
    ]


class StartForm(forms.Form):
    """The category to apply for: each named with one line on what it is for; only what the
    association offers (`application_start` refuses the others too)."""

    category = forms.ChoiceField(
        label="Endorsement category", choices=_category_choices(), widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, association: Association | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _category_choices(association)


class ImportForm(forms.Form):
    portfolio_file = forms.FileField(
        label="Portfolio file (.json)", help_text="A file in the imh-portfolio/1 format."
    )

    def clean_portfolio_file(self) -> Any:
        return check_portfolio_upload(self.cleaned_data.get("portfolio_file"))


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Transcript (PDF)",
        help_text="A PDF of the official transcript, 10 MB at most.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
