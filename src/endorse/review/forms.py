"""Staff forms: the queue's filters, verification, assignment, reviews and decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from endorse.accounts.models import User
from endorse.accounts.roles import Role
from endorse.applications.enums import COMPETENCY_DOMAINS, Category, Status
from endorse.associations.domain import EDITABLE
from endorse.associations.models import Association
from endorse.dates import BoundedDates
from endorse.eligibility import policy_names
from endorse.references.questions import load_questions
from endorse.workspace.sections import SECTIONS

from .enums import TRANSCRIPT_BASES, Outcome
from .queries import SORTS, QueueFilter

SECTION_CHOICES = [(key, s.title) for key, s in SECTIONS.items()] + [
    ("ethics", "Code of Ethics and Endorsement Agreement")
]
# Every name a section goes by (its URL slug, as a decision reopens it; its portfolio key, as a
# submission's changes name it) → its title.
SECTION_TITLES = (
    dict(SECTION_CHOICES)
    | {s.related_name: s.title for s in SECTIONS.values()}
    | {"membership": "Membership"}
)


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
    drafts = forms.BooleanField(label="Include drafts", required=False)

    def chosen(self) -> QueueFilter:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "submitted"
        return QueueFilter(
            status=data.get("status") or "",
            category=data.get("category") or "",
            q=data.get("q") or "",
            sort=sort if sort in SORTS else "submitted",
            mine=bool(data.get("mine")),
            drafts=bool(data.get("drafts")),
        )


class ReviewerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name or obj.email} ({obj.email})"


class AssignForm(forms.Form):
    """As many reviewers as the association needs (`Association.reviewers_required`)."""

    def __init__(self, *args: Any, reviewers: list[User], needed: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [r.pk for r in reviewers]
        for name, label in (("first", "Reviewer 1"), ("second", "Reviewer 2"))[:needed]:
            self.fields[name] = ReviewerChoiceField(
                label=label, queryset=User.objects.filter(pk__in=ids).order_by("name", "email")
            )

    def chosen(self) -> list[User]:
        return [self.cleaned_data[name] for name in ("first", "second") if name in self.fields]


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


class VerifyForm(forms.Form):
    """A staff verification: the coordinator confirms what they checked; a note goes on the
    record (the application's timeline)."""

    confirm = forms.BooleanField(
        error_messages={"required": "Tick the box to confirm, or go back to the file."}
    )
    note = forms.CharField(
        label="Note for the record (optional: how it was checked)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, confirm_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = confirm_label


class TranscriptForm(VerifyForm):
    """Verifying a transcript; when none was uploaded, what the verification rests on."""

    basis = forms.ChoiceField(
        label="No official transcript was uploaded. What does the verification rest on?",
        choices=[("", "Choose one"), *TRANSCRIPT_BASES.items()],
        required=False,
        error_messages={"required": "Say what the verification rests on."},
    )
    field_order = ("basis", "note", "confirm")

    def __init__(self, *args: Any, uploaded: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if uploaded:
            del self.fields["basis"]
        else:
            self.fields["basis"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("basis") == "other" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Say what the verification rests on.")
        return cleaned


class VetForm(VerifyForm):
    """The coordinator's vetting call on a rater who holds no endorsement."""

    vetted = forms.TypedChoiceField(
        label="Your call",
        choices=[
            ("yes", "Vetted: this rater may count as the endorsed rater"),
            ("no", "Not vetted"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose vetted or not vetted."},
    )
    field_order = ("vetted", "note", "confirm")


class JudgeForm(VerifyForm):
    accepted = forms.TypedChoiceField(
        label="Your judgement",
        choices=[("yes", "Accept"), ("no", "Do not accept")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept or do not accept."},
    )
    reason = forms.CharField(
        label="Reason (the applicant reads it; needed if not accepted)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ("accepted", "reason", "confirm")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]  # the reason is the note

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("accepted") is False and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why it is not accepted; the applicant will read it.")
        return cleaned


class MembershipVerifyForm(BoundedDates, VerifyForm):
    expires_on = forms.DateField(
        label="Expiry date in the association's records (if different)",
        required=False,
        widget=forms.DateInput(),
    )
    field_order = ("expires_on", "note", "confirm")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class IssueForm(forms.Form):
    """Issuing the endorsement; while letters of the application are still held, the
    coordinator confirms issuing with them held (or releases them first)."""

    def __init__(self, *args: Any, held: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if held:
            self.fields["letters_held_ok"] = forms.BooleanField(
                label=(
                    f"Issue anyway: the {'letter stays' if held == 1 else f'{held} letters stay'}"
                    " held, and the applicant gets the endorsement's notice first"
                ),
                error_messages={
                    "required": "Release the held letters first, or confirm issuing with them held."
                },
            )


# The roles a coordinator gives and takes in the product (a coordinator is made in the admin or
# on the command line).
GRANTABLE = (Role.REVIEWER, Role.EXAM_REVIEWER)


class RoleForm(forms.Form):
    email = forms.EmailField(label="Email address of their account")
    role = forms.ChoiceField(
        label="Role", choices=[(r.value, r.label) for r in GRANTABLE], widget=forms.RadioSelect
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                f"Nobody has an account with {email}: ask them to sign up first."
            )
        return person


class ResidencyExceptionForm(forms.Form):
    """A coordinator's exception to the residency rule: who, found by their account's email,
    and why they apply here although they live elsewhere."""

    email = forms.EmailField(label="Email address of their account")
    reason = forms.CharField(
        label="Why they apply here",
        help_text="They live in Indiana and work in Michigan.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                f"Nobody has an account with {email}: ask them to sign up first."
            )
        return person


class AssociationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.short_name})"


class MoveForm(forms.Form):
    """Moving an endorsement to another association of the installation, and why."""

    to_association = AssociationChoiceField(
        label="Move it to",
        queryset=Association.objects.none(),
        empty_label="Choose the association",
    )
    reason = forms.CharField(
        label="Why it moves",
        help_text="The holder moved to Ohio in May.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, current: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_association"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Association.objects.exclude(pk=current.pk).order_by("name")


class AssociationForm(forms.ModelForm):  # type: ignore[type-arg]
    """The association's own settings, on its settings page (`associations.domain.EDITABLE`)."""

    categories = forms.MultipleChoiceField(
        label="Categories it offers",
        help_text="None ticked: every category.",
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    default_policy = forms.ChoiceField(
        label="Policy version of new applications",
        choices=[("", "Each category's current version")]
        + [(name, name) for name in policy_names()],
        required=False,
    )

    class Meta:
        model = Association
        fields = EDITABLE
        help_texts = {
            "registry_disclaimer": "Shown on the registry page and on the verification of "
            "its endorsements.",
        }

    def clean_reference_questions(self) -> str:
        version = str(self.cleaned_data["reference_questions"]).strip()
        try:
            load_questions(version)
        except (LookupError, KeyError, ValueError):
            raise forms.ValidationError(
                f"No rating form {version!r}: its file must be among the reference questions."
            ) from None
        return version


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (none included): a list of uploads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    """An import file and its template (docs/import.md). Applications in progress come with
    their portfolio files: in a .zip with the sheet, or chosen beside it."""

    MAX_BYTES = 20 * 1024 * 1024

    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[
            ("people", "People"),
            ("endorsements", "Endorsements on record"),
            ("members", "Memberships"),
            ("applications", "Applications in progress (with their portfolio files)"),
        ],
    )
    file = forms.FileField(
        label="The file (.csv or .xlsx; for applications, or a .zip of the sheet and its files)",
        help_text="Its first row names the columns of the template (see the import guide).",
    )
    portfolios = MultipleFileField(
        label="The portfolio files the applications sheet names (unless they are in the .zip)",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB; split it.")
        return upload

    def clean_portfolios(self) -> Any:
        uploads = self.cleaned_data["portfolios"]
        if sum(upload.size for upload in uploads) > self.MAX_BYTES:
            raise forms.ValidationError("The portfolio files are larger than 20 MB together.")
        return uploads


class InvitationForm(forms.Form):
    """How many invitations to queue now (docs/import.md, "Invitations")."""

    batch = forms.IntegerField(
        label="How many people to invite now",
        min_value=1,
        max_value=1000,
        initial=100,
        help_text="The next people in the order they were imported; 1 to 1,000.",
    )
