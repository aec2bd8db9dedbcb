"""The coordinator's renewal forms: the queue's filters, a payment, an acceptance and a sending
back."""

from __future__ import annotations

from django import forms

from .enums import InactiveReason
from .queries_staff import CATEGORY_CHOICES, PAYMENT_METHODS, SORTS, TABS, RenewalFilter


class RenewalFilterForm(forms.Form):
    q = forms.CharField(label="Search name, email or endorsement number", required=False)
    tab = forms.ChoiceField(label="Standing", choices=[("", "Any"), *TABS], required=False)
    category = forms.ChoiceField(
        label="Category", choices=[("", "Any category"), *CATEGORY_CHOICES], required=False
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("deadline", "Deadline"),
            ("name", "Name"),
            ("number", "Endorsement number"),
            ("submitted", "Renewal submitted"),
        ],
        required=False,
    )

    def chosen(self) -> RenewalFilter:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "deadline"
        return RenewalFilter(
            tab=data.get("tab") or "",
            category=data.get("category") or "",
            q=data.get("q") or "",
            sort=sort if sort in SORTS else "deadline",
        )


class PaymentForm(forms.Form):
    method = forms.ChoiceField(
        label="How it was paid", choices=PAYMENT_METHODS, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note",
        max_length=200,
        required=False,
        help_text="Who paid and how: required for a payment made another way.",
    )


class AcceptForm(forms.Form):
    """Accept; with `record_payment` ticked, the payment is recorded in the same step."""

    record_payment = forms.BooleanField(
        label="The fee is paid: record the payment with the acceptance", required=False
    )
    method = forms.ChoiceField(
        label="How it was paid", choices=PAYMENT_METHODS, widget=forms.RadioSelect, required=False
    )
    note = forms.CharField(label="Note", max_length=200, required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label="Why it is sent back (the endorsee reads this)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecordInactiveForm(forms.Form):
    """The coordinator records inactive status (RULES-renewal.md 7)."""

    reason = forms.ChoiceField(label="Why", choices=InactiveReason.choices)


class RaterCallForm(forms.Form):
    """The coordinator's call on a reinstatement's rater: the claimed endorsement verified, or
    a rater without one vetted (yes or no) (RULES-categories.md 4.6)."""

    call = forms.ChoiceField(
        label="Your call",
        choices=[
            ("verified", "Their endorsement is verified"),
            ("vetted", "Vetted: they may rate"),
            ("not_vetted", "Not vetted: they may not rate"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="How you checked (optional)", max_length=500, required=False)
