"""The associations an installation serves, and the staff roles each one grants.

An association is the tenant: every row it owns carries it and is read through a
`django_scopes.ScopedManager` (see docs/architecture.md, "Tenancy"). Each setting defaults to the
installation's environment (`ENDORSE_*`), read when the association is created.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django_scopes import ScopedManager, get_scope

from endorse.eligibility import known_categories, load_policy, policy_names
from endorse.eligibility.renewal_policy import (
    DEFAULT_RENEWAL_POLICY,
    RenewalPolicy,
    load_renewal_policy,
    renewal_policy_names,
)

from .enums import Region

# A brand colour is exactly `#rrggbb`: nothing else can reach the page's style sheet.
BRAND_COLOUR = re.compile(r"#[0-9a-f]{6}")
brand_colour_validator = RegexValidator(
    r"\A#[0-9a-fA-F]{6}\Z", "A colour as # and six hexadecimal digits, like #1a4480."
)


def brand_colour_of(value: str) -> str:
    """`value` when it is a valid `#rrggbb` colour (in lower case), else "" (the product's own
    look): what the style sheet writes is checked again, whatever is stored."""
    colour = value.strip().lower()
    return colour if BRAND_COLOUR.fullmatch(colour) else ""


def region_codes(text: str) -> list[str]:
    """The region codes of a comma-separated list, as typed (`mi, oh`), upper-cased."""
    return [code.strip().upper() for code in text.split(",") if code.strip()]


def validate_regions(text: str) -> None:
    unknown = [code for code in region_codes(text) if code not in Region.values]
    if unknown:
        raise ValidationError(
            f"Not a region code: {', '.join(unknown)}. Use US states' two-letter codes (MI, OH) "
            "and countries' three-letter codes (CAN, AUS), separated by commas."
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
    # The residency rule: an applicant applies to the association of the place they live in.
    serves = models.CharField(
        "regions it serves",
        max_length=500,
        blank=True,
        validators=[validate_regions],
        help_text="Where its applicants live: US states' two-letter codes (MI) and countries' "
        "three-letter codes (CAN), separated by commas. Empty: it takes applicants from anywhere.",
    )
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
    brand_colour = models.CharField(
        "brand colour",
        max_length=7,
        blank=True,
        validators=[brand_colour_validator],
        help_text="The colour of the site's header band, as #rrggbb (#1a4480); blank: the "
        "product's own.",
    )
    signatory_name = models.CharField(
        "signatory of letters and certificates",
        max_length=200,
        blank=True,
        default=default_signatory_name,
    )
    signatory_title = models.CharField(max_length=200, blank=True, default=default_signatory_title)
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        help_text="Dates and times its pages, emails and letters show (America/Detroit).",
    )
    # Category ids (applications.enums.Category) it offers; empty: every category.
    categories = models.JSONField(default=list, blank=True)
    # Blank: each category's current version (the newest that offers it).
    default_policy = models.CharField(
        "policy version of new applications",
        max_length=20,
        blank=True,
        default="",
        help_text="Leave empty for the current version of each category's requirements.",
    )
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
        "reference questions of the Mentor categories",
        max_length=100,
        default=default_reference_questions,
        help_text="The rating form's version a Mentor application's raters answer "
        "(mentor-2024); the other categories' forms follow their competencies.",
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
    # The day the membership year ends (month and day). Nothing reads it yet: a membership is
    # recorded with the expiry date the person states, or none (it does not expire, choice K50).
    # The renewal work will use it for renewals due by the end of the membership year.
    membership_year_end_month = models.PositiveSmallIntegerField(
        "membership year ends (month)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="For renewals (not used yet): memberships are recorded with the expiry "
        "date the member states.",
    )
    membership_year_end_day = models.PositiveSmallIntegerField(
        "membership year ends (day)",
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        problems: dict[str, str] = {}
        self.brand_colour = self.brand_colour.strip().lower()
        self.serves = ", ".join(dict.fromkeys(region_codes(self.serves)))
        reminders = self.reference_reminder_days
        if not isinstance(reminders, list) or not all(
            isinstance(day, int) and day > 0 for day in reminders
        ):
            problems["reference_reminder_days"] = "A list of whole days after the request: [7, 14]."
        if self.time_zone not in zoneinfo.available_timezones():
            problems["time_zone"] = "A time zone's name, such as America/Detroit."
        categories = self.categories
        if not isinstance(categories, list) or not set(categories) <= known_categories():
            problems["categories"] = "Only categories the requirements define."
        elif self.default_policy:
            problems |= self._policy_problems()
        try:
            date(2001, self.membership_year_end_month, self.membership_year_end_day)
        except (TypeError, ValueError):
            problems["membership_year_end_day"] = "A day of that month."
        if problems:
            raise ValidationError(problems)

    def _policy_problems(self) -> dict[str, str]:
        if self.default_policy not in policy_names():
            return {"default_policy": f"One of {', '.join(policy_names())}, or empty."}
        offered = load_policy(self.default_policy).categories
        missing = sorted(set(self.categories or known_categories()) - set(offered))
        if missing:
            return {
                "default_policy": f"Version {self.default_policy} does not offer "
                f"{', '.join(missing)}: choose a version that offers every category the "
                "association offers."
            }
        return {}

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """Its time zone, in which people read its dates (the installation's if it is unknown)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def offers(self, category: str) -> bool:
        """Whether people may apply for `category` here (no categories chosen: every one)."""
        return not self.categories or category in self.categories

    @property
    def renewal(self) -> RenewalPolicy:
        """The renewal policy its endorsements follow, with the association's own fees when it
        set them (cached: the same object for every endorsement of the association)."""
        return _renewal_policy(self.renewal_policy, self.renewal_fee, self.late_fee)

    @property
    def host_names(self) -> list[str]:
        return [host.strip().lower() for host in self.hosts.split(",") if host.strip()]

    @property
    def regions(self) -> list[str]:
        """The region codes it serves; empty when it serves everyone."""
        return region_codes(self.serves)

    def serves_region(self, region: str) -> bool:
        """Whether a person living in `region` applies here (an association listing no region
        serves everyone)."""
        return not self.regions or region in self.regions

    def regions_display(self) -> str:
        labels = dict(Region.choices)
        return ", ".join(labels.get(code, code) for code in self.regions)


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
