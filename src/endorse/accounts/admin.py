from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm

from endorse.associations.models import StaffRole

from .models import Membership, User
from .roles import has_two_factor

NO_AUTHENTICATOR = (
    "This person has no authenticator app yet: they set one up from their account "
    "(Two-factor authentication) before they get a staff role or the admin."
)


class StaffUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    """A staff role or the admin flag only for a person with an authenticator app: otherwise
    whoever holds the password alone could set up an app of their own and act as staff."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("is_staff") and self.instance.pk and not has_two_factor(self.instance):
            raise forms.ValidationError(NO_AUTHENTICATOR)
        return cleaned


class StaffRoleFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        granting = any(
            form.cleaned_data.get("role") and not form.cleaned_data.get("DELETE")
            for form in self.forms
            if form.has_changed() and hasattr(form, "cleaned_data")
        )
        if granting and not has_two_factor(self.instance):
            raise forms.ValidationError(NO_AUTHENTICATOR)


class StaffRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    """The person's roles in the association of this address (the admin runs in its scope)."""

    model = StaffRole
    formset = StaffRoleFormSet
    fields = ("role",)
    extra = 0
    fk_name = "person"


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    fk_name = "person"


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    form = StaffUserChangeForm
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("name", "phone")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
    inlines = (StaffRoleInline, MembershipInline)
