"""The workspace's own forms (each evidence section's form is in `applications.forms`)."""

from __future__ import annotations

from django import forms

DECLARATION = (
    "I declare that the information in this application is true and complete to the best of "
    "my knowledge, and that the evidence is my own."
)


class DeclarationForm(forms.Form):
    """The applicant's declaration, without which an application is not submitted."""

    declared = forms.BooleanField(
        label=DECLARATION,
        error_messages={"required": "Tick the declaration to submit your application."},
    )
