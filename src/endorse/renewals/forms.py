"""The endorsee's renewal forms: hours logged, and the re-signing with the submission."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from endorse.applications.enums import PROVIDER_ENDORSEMENTS, REFERENCE_ROLES
from endorse.dates import BoundedDates, HappenedDates

from .enums import EntryKind, FeeStatus, InactiveReason, MembershipKind

# What the endorsee chooses; "unpaid" is only the starting state.
FEE_CHOICES = [
    (FeeStatus.ONLINE_LATER.value, "I will pay online when the association asks"),
    (
        FeeStatus.ALTERNATIVE.value,
        "Paid another way (an employer paying for a group, a cheque): the coordinator marks it",
    ),
]


class LogHoursForm(HappenedDates, forms.Form):
    happened = {"on": "Hours are logged once they happened, not in advance."}

    kind = forms.ChoiceField(
        label="What", choices=EntryKind.choices, widget=forms.RadioSelect, initial="training"
    )
    on = forms.DateField(label="Date", widget=forms.DateInput())
    hours = forms.DecimalField(
        min_value=Decimal("0.25"), max_value=Decimal(100), max_digits=5, decimal_places=2
    )
    topic = forms.CharField(
        max_length=200, help_text="The training's title, or what the RS/C was about."
    )
    dei = forms.BooleanField(label="Training on diversity, equity and inclusion", required=False)
    rsc_provision = forms.BooleanField(label="Training on providing RS/C", required=False)
    provider_name = forms.CharField(
        label="RS/C provider", max_length=200, required=False, help_text="RS/C received only."
    )
    provider_endorsement = forms.ChoiceField(
        label="Your RS/C provider's endorsement",
        choices=[("", "None, or I do not know"), *PROVIDER_ENDORSEMENTS],
        required=False,
        help_text=(
            "RS/C received only. The hours count when the provider holds an endorsement your "
            "category's renewal accepts and the association approves the provider."
        ),
    )


class SubmitForm(BoundedDates, forms.Form):
    ethics_signed = forms.BooleanField(
        label="I re-sign the Code of Ethics and the Endorsement agreement", required=False
    )
    no_sanction = forms.BooleanField(
        label="I have no sanction from a licensing board", required=False
    )
    typed_name = forms.CharField(label="Type your full name to sign", max_length=200)
    membership_kind = forms.ChoiceField(
        label="Membership", choices=MembershipKind.choices, initial=MembershipKind.INDIVIDUAL
    )
    membership_id = forms.CharField(label="Member number", max_length=100, required=False)
    membership_expires_on = forms.DateField(
        label="Membership current until",
        required=False,
        widget=forms.DateInput(),
        help_text="Leave empty if it does not expire.",
    )
    fee_status = forms.ChoiceField(label="The fee", choices=FEE_CHOICES, widget=forms.RadioSelect)


class InactiveForm(forms.Form):
    """Asking for inactive status (RULES-renewal.md 7)."""

    reason = forms.ChoiceField(
        label="Why", choices=InactiveReason.choices, widget=forms.RadioSelect
    )
    confirm = forms.BooleanField(
        label=(
            "I understand that while inactive I am not listed in the public registry and may not "
            "call myself endorsed, and that the endorsement lapses if not reactivated in time"
        )
    )


class ReactivationForm(SubmitForm):
    """The re-signing and declarations of a reactivation: as a renewal's, with the
    reactivation fee."""

    fee_status = forms.ChoiceField(
        label="The reactivation fee", choices=FEE_CHOICES, widget=forms.RadioSelect
    )


class ReinstatementForm(SubmitForm):
    """The re-signing and declarations of a reinstatement (RULES-renewal.md 6): as a renewal's,
    with the reinstatement fee."""

    fee_status = forms.ChoiceField(
        label="The reinstatement fee", choices=FEE_CHOICES, widget=forms.RadioSelect
    )


class ReinstatementRaterForm(forms.Form):
    """A rater named for a reinstatement; the request goes by email with the rating link."""

    name = forms.CharField(label="The rater's name", max_length=200)
    email = forms.EmailField(label="Their email address")
    role = forms.ChoiceField(label="Who they are to you", choices=REFERENCE_ROLES)
    capacity = forms.CharField(
        label="In what capacity they know you", max_length=300, required=False
    )
