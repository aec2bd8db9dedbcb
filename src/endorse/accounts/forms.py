from __future__ import annotations

from django import forms
from django.http import HttpRequest

from endorse.associations.models import current_association
from endorse.dates import BoundedDates

from .models import Membership, User


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to email and password."""

    name = forms.CharField(
        label="Full name", max_length=200, help_text="As it should appear on your endorsement."
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("name", "phone", "residence", "message_emails")
        widgets = {"message_emails": forms.RadioSelect()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Left out of a post (an older form, a script), the choice stays as it was.
        self.fields["message_emails"].required = False


class MembershipForm(BoundedDates, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Membership
        fields = ("association", "member_id", "kind", "expires_on")
        widgets = {"expires_on": forms.DateInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Offered first: the association whose site this is.
        association = current_association()
        if association is not None and association.short_name:
            self.fields["association"].initial = association.short_name
