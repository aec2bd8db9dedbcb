"""The associations an installation serves, and the staff roles each one grants.

An association is the tenant: every row it owns carries it and is read through a
`django_scopes.ScopedManager` (see docs/architecture.md, "Tenancy"). Each setting defaults to the
installation's environment (`ENDORSE_*`), read when the association is created.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager, get_scope

from endorse.eligibility.renewal_policy import (
    DEFAULT_RENEWAL_POLICY,
    RenewalPolicy,
    load_renewal_policy,
    renewal_policy_names,
)


def default_name() -> str:
    return str(settings.ENDORSE_ASSOCIATION_NAME)


def default_short_name() -> str:
    return str(settings.ENDORSE_ASSOCIATION_SHORT_NAME)


def default_from_email() -> str:
    return str(settings.DEFAULT_FROM_EMAIL)


def default_signatory_name() -> str:
    return str(settings.ENDORSE_CERTIFICATE_SIGNATORY)


def default_signatory_title() -> str:
    return str(settings.ENDORSE_CERTIFICATE_SIGNATORY_TITLE)


def default_time_zone() -> str:
    return str(settings.TIME_ZONE)


def default_reference_link_days() -> int:
    return int(settings.ENDORSE_REFERENCE_LINK_DAYS)


def default_reference_reminder_days() -> list[int]:
    return list(settings.ENDORSE_REFERENCE_REMINDER_DAYS)


def default_reference_questions() -> str:
    return str(settings.ENDORSE_REFERENCE_QUESTIONS)


def renewal_policy_choices() -> list[tuple[str, str]]:
    """The renewal policies that ship with the engine (`eligibility/policies/renewal/`)."""
    return [(name, load_renewal_policy(name).title) for name in renewal_policy_names()]


@cache
def _renewal_policy(name: str, fee: Decimal | None, late_fee: Decimal | None) -> RenewalPolicy:
    """One policy object per name and fee pair, for the life of the process (a page of the
    registry asks for it once per row)."""
    policy = load_renewal_policy(name)
    if fee is None and late_fee is None:
        return policy
    rule = policy.fee
    return replace(
        policy,
        fee=replace(
            rule,
            amount=rule.amount if fee is None else fee,
            late_fee=rule.late_fee if late_fee is None else late_fee,
        ),
    )


def default_number_prefix() -> str:
    return str(settings.ENDORSE_NUMBER_PREFIX)


class Association(models.Model):
    """An infant mental health association running Endorsement on this installation."""

    slug = models.SlugField(
        unique=True, help_text="Short, for addresses: /a/<slug>/ on a shared host name."
    )
    name = models.CharField(max_length=200, default=default_name)
    short_name = models.CharField(max_length=40, default=default_short_name)
    hosts = models.CharField(
        "host names",
        max_length=500,
        blank=True,
        help_text="The host names its site answers on, separated by commas (endorse.example.org).",
    )
    contact_email = models.EmailField(blank=True)
    from_email = models.CharField(
        "emails come from",
        max_length=200,
        default=default_from_email,
        help_text="The From of its emails: Name <address@example.org>.",
    )
    reply_to = models.EmailField("replies go to", blank=True)
    logo = models.CharField(
        max_length=200, blank=True, help_text="A static file's path (endorse/logos/mi.svg)."
    )
    signatory_name = models.CharField(
        "signatory of letters and certificates",
        max_length=200,
        blank=True,
        default=default_signatory_name,
    )
    signatory_title = models.CharField(max_length=200, blank=True, default=default_signatory_title)
    time_zone = models.CharField(max_length=64, default=default_time_zone)
    # Category ids (applications.enums.Category) it offers; empty: every category.
    categories = models.JSONField(default=list, blank=True)
    default_policy = models.CharField("policy version", max_length=20, default="seed")
    reviewers_required = models.PositiveSmallIntegerField(
        "reviewers an application needs",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(2)],
    )
    reference_link_days = models.PositiveSmallIntegerField(
        "days a reference link stays open", default=default_reference_link_days
    )
    reference_reminder_days = models.JSONField(
        "reminders, days after a request", default=default_reference_reminder_days, blank=True
    )
    reference_questions = models.CharField(
        "reference questions", max_length=100, default=default_reference_questions
    )
    number_prefix = models.CharField(
        "endorsement number prefix", max_length=20, default=default_number_prefix
    )
    registry_disclaimer = models.TextField(blank=True)
    renewal_policy = models.CharField(
        max_length=40, choices=renewal_policy_choices, default=DEFAULT_RENEWAL_POLICY
    )
    # What the association charges. Blank: the renewal policy's amounts; a number (0 included)
    # takes their place in every renewal of this association (docs/renewal.md, "Fees").
    renewal_fee = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Blank: the renewal policy's fee.",
    )
    late_fee = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Blank: the renewal policy's late fee.",
    )
    # The day the membership year ends (month and day); memberships run to it.
    membership_year_end_month = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    membership_year_end_day = models.PositiveSmallIntegerField(
        default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        reminders = self.reference_reminder_days
        if not isinstance(reminders, list) or not all(
            isinstance(day, int) and day > 0 for day in reminders
        ):
            raise ValidationError(
                {"reference_reminder_days": "A list of whole days after the request: [7, 14]."}
            )

    @property
    def renewal(self) -> RenewalPolicy:
        """The renewal policy its endorsements follow, with the association's own fees when it
        set them (cached: the same object for every endorsement of the association)."""
        return _renewal_policy(self.renewal_policy, self.renewal_fee, self.late_fee)

    @property
    def host_names(self) -> list[str]:
        return [host.strip().lower() for host in self.hosts.split(",") if host.strip()]


def current_association() -> Association | None:
    """The association whose scope is active, or None outside one."""
    value = get_scope().get("association")
    return value if isinstance(value, Association) else None


def current_association_id() -> int | None:
    """The default of every association key: a row made inside an association's scope belongs
    to it. Outside a scope there is none, and saving the row fails (the key is NOT NULL)."""
    association = current_association()
    return association.pk if association is not None else None


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Endorsement coordinator"
    REVIEWER = "reviewer", "Reviewer"
    EXAM_REVIEWER = "exam_reviewer", "Exam reviewer"


class StaffRole(models.Model):
    """A person's staff role in one association: a coordinator of one association is nobody in
    another."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        default=current_association_id,
    )
    role = models.CharField(max_length=20, choices=Role)
    granted_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[StaffRole]] = ScopedManager(association="association")

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=("person", "association", "role"), name="staff_role_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} of {self.association_id}"
