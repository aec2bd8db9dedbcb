from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django_scopes import ScopedManager

from endorse.associations.enums import Region
from endorse.associations.models import current_association_id


class UserManager(BaseUserManager["User"]):
    """Users are identified by their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class MessageEmails(models.TextChoices):
    """How often a person hears of new messages on their conversations."""

    HOURLY = "hourly", "Soon: at most one email an hour"
    DAILY = "daily", "A daily digest"


class User(AbstractUser):
    """A person with an account: an applicant, or association staff."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    name = models.CharField("full name", max_length=200, blank=True)
    phone = models.CharField("phone number", max_length=40, blank=True)
    # Where they live decides which association they apply to (the residency rule).
    residence = models.CharField(
        "state or country you live in",
        max_length=8,
        choices=Region,
        blank=True,
        default="",  # a form posted without it (an older one) leaves it as it was
        help_text="You apply to the association of the state or country you live in.",
    )
    listed_in_registry = models.BooleanField(
        "list my endorsement in the public registry",
        default=False,
        help_text="Your name, category, endorsement number and status, searchable by anyone.",
    )
    message_emails = models.CharField(
        "emails about new messages",
        max_length=10,
        choices=MessageEmails,
        default=MessageEmails.HOURLY,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ("email",)

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class MembershipKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    ORGANIZATIONAL = "organizational", "Organizational"


class Membership(models.Model):
    """A membership of an infant mental health association, as the person reports it."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    # The association whose records the membership is in (the site it was reported on), which
    # scopes it; `association` is the association's name as the person reported it.
    held_with = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="memberships",
        default=current_association_id,
    )
    association = models.CharField(max_length=200, default="MI-AIMH")
    member_id = models.CharField("member number", max_length=100, blank=True)
    kind = models.CharField(
        max_length=20, choices=MembershipKind, default=MembershipKind.INDIVIDUAL
    )
    # No expiry date: a membership that does not expire (choice K50).
    expires_on = models.DateField(
        "expiry date", null=True, blank=True, help_text="Leave empty if it does not expire."
    )
    # Checked by the coordinator with the association (who and when, or not yet).
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[models.Manager[Membership]] = ScopedManager(association="held_with")

    class Meta:
        # A membership without expiry first: it is current.
        ordering = (models.F("expires_on").desc(nulls_first=True), "-pk")

    def __str__(self) -> str:
        if self.expires_on is None:
            return f"{self.association}, no expiry"
        return f"{self.association} until {self.expires_on}"


class ResidencyException(models.Model):
    """A coordinator's recorded exception to the residency rule: this person applies to this
    association although they live elsewhere (they live in Indiana and work in Michigan)."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="residency_exceptions")
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.CASCADE,
        related_name="residency_exceptions",
        default=current_association_id,
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[ResidencyException]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-recorded_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "association"), name="residency_exception_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} applies to {self.association_id}: {self.reason}"
