"""The dates the web forms accept: the engine's range (`eligibility.portfolio.EARLIEST_DATE` to
`LATEST_DATE`, 1900-01-01 to 2100-12-31), so nothing a form saves is a date the engine's file
format would refuse, and a mistyped year (0001 for 2001) is a field error, not a stored row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from endorse.eligibility.portfolio import EARLIEST_DATE, LATEST_DATE

DATE_RANGE_MESSAGE = (
    f"Enter a date from {EARLIEST_DATE.day} {EARLIEST_DATE:%B %Y} "
    f"to {LATEST_DATE.day} {LATEST_DATE:%B %Y}."
)


DATE_EXAMPLE = "2019-06-30"
DATE_HINT = f"For example, {DATE_EXAMPLE}."
DATE_INVALID_MESSAGE = f"Enter a real date, for example {DATE_EXAMPLE}."


def bound_date_field(field: forms.DateField) -> None:
    """Refuse dates outside the range; make the input a typed date.

    A native date input sends "" for a date that does not exist (30 February), so the person
    was told the field is required and lost what they typed. A text input with the numeric
    keypad and an example sends what was typed: an impossible date is kept and named."""
    field.validators.extend(
        [
            MinValueValidator(EARLIEST_DATE, message=DATE_RANGE_MESSAGE),
            MaxValueValidator(LATEST_DATE, message=DATE_RANGE_MESSAGE),
        ]
    )
    field.error_messages["invalid"] = DATE_INVALID_MESSAGE
    field.help_text = f"{field.help_text} {DATE_HINT}" if field.help_text else DATE_HINT
    widget = field.widget
    if isinstance(widget, forms.DateInput):
        widget.input_type = "text"
        widget.format = "%Y-%m-%d"
        widget.attrs.update(inputmode="numeric", autocomplete="off")


class BoundedDates:
    """Form mixin: every date field of the form, declared or generated from a model, accepts
    only the range. Put it first among the bases (`class F(BoundedDates, forms.Form)`)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                bound_date_field(field)


def not_after_today(message: str) -> Callable[[date], None]:
    """A validator for a date that means "already happened" (a degree conferred, a training
    attended, a start): after the association's today it cannot be true yet. Today is read when
    the form is validated."""

    def validate(value: date) -> None:
        if value > timezone.localdate():
            raise ValidationError(message, code="future")

    return validate


class HappenedDates(BoundedDates):
    """Form mixin: the date fields named in `happened` (field → why it cannot be after today)
    refuse a date after today. Put it first among the bases, like `BoundedDates`."""

    happened: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.happened.items():
            self.fields[name].validators.append(not_after_today(message))
