"""An application and its evidence, one model per section of the portfolio.

Status follows `enums.TRANSITIONS` and changes only through `domain.application_transition`.
Fields that only staff may set (transcript state, acceptance, provider approval, a rater's
verified endorsement, ratings, the competency review) live here too; applicant forms and the
applicant's import never write them.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import uuid4

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from endorse.associations.models import current_association_id

from . import enums
from .enums import Category, EventKind, Status


class Application(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    # The association the application is made to; what hangs off it is that association's too.
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="applications",
        default=current_association_id,
    )
    category = models.CharField(max_length=40, choices=Category)
    policy = models.CharField("policy version", max_length=20, default="seed")
    status = models.CharField(max_length=30, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The review's judgement of the documentation of competencies (RULES.md 8); staff only.
    review_competencies = models.CharField(
        max_length=20, choices=enums.REVIEW_DECISIONS, blank=True
    )
    review_reason = models.TextField(blank=True)
    # While changes are requested, only these sections (keys of `workspace.sections.SECTIONS`) are open.
    reopened_sections = models.JSONField(default=list, blank=True)
    # Approval to sit the exam, valid for a year from this day (PROCESS.md 5).
    approved_on = models.DateField(null=True, blank=True)
    # The written examination's result (RULES.md 9); staff only. Exam sittings will record the detail.
    exam_result = models.CharField(max_length=10, choices=enums.EXAM_RESULTS, default="not_taken")
    exam_taken_on = models.DateField(null=True, blank=True)
    # The age band of the exam passed or failed (RULES-categories.md 4.9); empty means infant.
    exam_age_band = models.CharField(max_length=20, choices=enums.AGE_BANDS, blank=True)
    # Raised by the database itself (triggers, migration 0018) on every write to a row the
    # applicant's workspace shows for this application: its evidence, raters and ratings,
    # documents, signatures, memberships, conversation and endorsement. The workspace caches
    # its rendered evidence per version (`workspace.cache`); never set it from Python.
    evidence_version = models.BigIntegerField(default=0, editable=False)

    objects: ClassVar[models.Manager[Application]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=("status", "category")),
            # The queue's default order (newest submission first), also for its deep pages.
            models.Index(fields=("submitted_at", "id"), name="application_submitted"),
            # The same within one association, as every staff page reads: the queue's keyset
            # pages (first and last alike) walk it instead of sorting the association's rows.
            models.Index(fields=("association", "submitted_at", "id"), name="application_queue"),
            # The queue's counts by status and category, read from the index alone.
            models.Index(fields=("association", "status", "category"), name="application_counts"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in enums.EDITABLE

    @property
    def reference(self) -> str:
        """The number the applicant and the association quote about this application."""
        return f"EA-{self.pk:06d}"


class Evidence(models.Model):
    """Fields every evidence entry shares: the competency domains it shows, and its times. Each
    section declares its own `application` key, named as the portfolio's list is (the section's
    other facts are in `evidence.EVIDENCE`)."""

    competencies = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[Any]] = ScopedManager(association="application__association")

    class Meta:
        abstract = True
        ordering = ("pk",)


class Degree(Evidence):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="degrees")
    type = models.CharField("degree", max_length=10, choices=enums.DEGREE_TYPES)
    field = models.CharField("field of study", max_length=200, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    conferred_on = models.DateField("date conferred")
    transcript = models.CharField(max_length=10, choices=enums.TRANSCRIPT_STATES, default="missing")
    accepted = models.BooleanField(null=True, blank=True)

    class Meta(Evidence.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.field}".strip()


class Certificate(Evidence):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(max_length=40, choices=enums.CERTIFICATE_KINDS)
    title = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField("date completed")
    accepted = models.BooleanField(null=True, blank=True)

    class Meta(Evidence.Meta):
        pass

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class License(Evidence):
    """A licence to practise; staff verify it as they verify a transcript."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="licenses")
    kind = models.CharField(max_length=20, choices=enums.LICENSE_KINDS, default="mental_health")
    jurisdiction = models.CharField(
        "issued by", max_length=200, blank=True, help_text="The state or licensing board."
    )
    number = models.CharField("licence number", max_length=100, blank=True)
    issued_on = models.DateField("date issued")
    expires_on = models.DateField(
        "expiry date", null=True, blank=True, help_text="Leave empty if it does not expire."
    )
    verified = models.BooleanField(null=True, blank=True)

    class Meta(Evidence.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_kind_display()} licence {self.number}".strip()


class Training(Evidence):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(max_length=200)
    provider = models.CharField("trainer or organisation", max_length=200, blank=True)
    start_on = models.DateField("date (or first day)")
    end_on = models.DateField("last day", null=True, blank=True)
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    relationship_based = models.BooleanField(default=True)
    topics = models.JSONField(default=list, blank=True)
    age_bands = models.JSONField(default=list, blank=True)

    class Meta(Evidence.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class WorkEntry(Evidence):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="work")
    employer = models.CharField(max_length=200)
    position = models.CharField(max_length=200)
    start_on = models.DateField("start date")
    end_on = models.DateField(
        "end date", null=True, blank=True, help_text="Leave empty while it continues."
    )
    fte = models.DecimalField(
        "full-time equivalent", max_digits=4, decimal_places=2, null=True, blank=True
    )
    kinds = models.JSONField(default=list)
    supervised = models.BooleanField(default=False)
    infant_and_parent = models.BooleanField(
        "with both the infant/toddler and the parent", default=False
    )
    age_bands = models.JSONField(default=list, blank=True)
    paid = models.BooleanField(default=True)
    specialized_training = models.BooleanField(
        "a volunteer role with its own specialised training (CASA, doula, child life)",
        default=False,
    )
    families_served = models.PositiveIntegerField("families served", null=True, blank=True)
    social_emotional_focus = models.BooleanField(
        "focused on social-emotional development", default=False
    )
    relationship_focus = models.BooleanField("focused on relationships", default=False)
    license_status = models.CharField(
        "licence", max_length=20, choices=enums.LICENSE_STATES, blank=True
    )
    internship = models.BooleanField(default=False)
    internship_supervisor_name = models.CharField(
        "internship supervisor", max_length=200, blank=True
    )
    internship_supervisor_endorsement = models.CharField(
        "their endorsement", max_length=10, choices=enums.PROVIDER_ENDORSEMENTS, blank=True
    )
    internship_supervisor_ers = models.BooleanField(
        "they hold the Endorsed Reflective Supervisor add-on", default=False
    )
    internship_supervisor_approved = models.BooleanField(default=False)

    class Meta(Evidence.Meta):
        verbose_name_plural = "work entries"

    def __str__(self) -> str:
        return f"{self.position}, {self.employer}"


class LeadershipActivity(Evidence):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="leadership"
    )
    designation = models.CharField(max_length=20, choices=enums.DESIGNATIONS)
    activity = models.TextField()
    level = models.CharField(max_length=20, choices=enums.LEADERSHIP_LEVELS)
    start_on = models.DateField("start date")
    end_on = models.DateField("end date", null=True, blank=True)

    class Meta(Evidence.Meta):
        verbose_name_plural = "leadership activities"

    def __str__(self) -> str:
        return self.activity[:80]


class SupervisionEntry(Evidence):
    """Reflective supervision/consultation (RS/C) received."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="rsc")
    provider_name = models.CharField("supervisor/consultant", max_length=200)
    provider_endorsement = models.CharField(
        "their endorsement",
        max_length=10,
        choices=enums.PROVIDER_ENDORSEMENTS,
        blank=True,
    )
    provider_ers = models.BooleanField(
        "they hold the Endorsed Reflective Supervisor add-on", default=False
    )
    provider_approved = models.BooleanField(default=False)
    format = models.CharField(max_length=20, choices=enums.RSC_FORMATS)
    start_on = models.DateField("start date")
    end_on = models.DateField("end date", null=True, blank=True)
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    focus = models.CharField(max_length=20, choices=enums.RSC_FOCUS, default="own_practice")
    peer = models.BooleanField("peer supervision", default=False)
    age_bands = models.JSONField(default=list, blank=True)

    class Meta(Evidence.Meta):
        verbose_name = "RS/C entry"
        verbose_name_plural = "RS/C entries"

    def __str__(self) -> str:
        return f"RS/C with {self.provider_name}"


class Rater(models.Model):
    """A reference rater the applicant names; the rating itself arrives through an emailed link.

    A rater belongs to exactly one owner (a check constraint): an application, or a
    reinstatement after lapse (a `renewals.Renewal` of kind `reinstatement`, RULES-renewal.md 6),
    whose endorsee asks for three new ratings through the same links. The association is kept
    on the row so that both are scoped alike."""

    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="+",
        default=current_association_id,
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="references", null=True, blank=True
    )
    reinstatement = models.ForeignKey(
        "renewals.Renewal",
        on_delete=models.PROTECT,
        related_name="raters",
        null=True,
        blank=True,
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=enums.REFERENCE_ROLES)
    known_years = models.DecimalField(
        "years known", max_digits=4, decimal_places=1, null=True, blank=True
    )
    endorsement_level = models.CharField(
        "their endorsement level",
        max_length=4,
        choices=enums.ENDORSEMENT_LEVELS,
        blank=True,
    )
    endorsement_number = models.CharField("their endorsement number", max_length=50, blank=True)
    endorsement_verified = models.BooleanField(default=False)
    # The coordinator's vetting of a rater who is not endorsed (null: not vetted), who and when.
    vetted = models.BooleanField(null=True, blank=True)
    vetted_at = models.DateTimeField(null=True, blank=True)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.CharField(
        "in what capacity they know you",
        max_length=300,
        blank=True,
        help_text="For example: my program supervisor at Oak Family Services since 2019.",
    )
    waived = models.BooleanField("waived the right to see the rating", default=False)
    # The engine's view of the rating: requested until completed, declined or expired.
    status = models.CharField(max_length=20, choices=enums.REFERENCE_STATES, default="requested")
    completed_on = models.DateField(null=True, blank=True)
    not_enough_information = models.PositiveSmallIntegerField(default=0)
    # The request, sent by email with a link (`endorse.references`). A new link gets a new nonce,
    # which ends every earlier link to this request.
    questions = models.CharField("rating form version", max_length=40, blank=True)
    token_nonce = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    nudged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[Rater]] = ScopedManager(association="association")

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, reinstatement__isnull=True)
                | models.Q(application__isnull=True, reinstatement__isnull=False),
                name="rater_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An application's rater is its association's, whatever scope is active.
        if self.application is not None:
            self.association_id = self.application.association_id
        super().save(*args, **kwargs)


class EthicsSignature(models.Model):
    """A typed-name signature of the Code of Ethics and Endorsement Agreement; the latest counts."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="signatures"
    )
    signed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    version = models.CharField(max_length=20)

    objects: ClassVar[models.Manager[EthicsSignature]] = ScopedManager(
        association="application__association"
    )

    class Meta:
        ordering = ("-signed_at", "-pk")

    def __str__(self) -> str:
        return f"Signed by {self.signed_name} (version {self.version})"


class ApplicationEvent(models.Model):
    """An append-only record of what happened to an application: who, when, what, why.

    Written only by domain functions, in the same transaction as the change it records.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=50, choices=EventKind)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[ApplicationEvent]] = ScopedManager(
        association="application__association"
    )

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.kind} at {self.created_at:%Y-%m-%d %H:%M}"


class Submission(models.Model):
    """What the applicant submitted, frozen: the portfolio file and the verdict at that moment.

    Later edits (after staff reopen sections) never change a submission; a resubmission adds one.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    portfolio = models.JSONField()
    verdict = models.JSONField()
    documents = models.JSONField(default=list)

    objects: ClassVar[models.Manager[Submission]] = ScopedManager(
        association="application__association"
    )

    class Meta:
        ordering = ("application", "number")
        constraints = [
            models.UniqueConstraint(fields=("application", "number"), name="one_submission_number")
        ]

    def __str__(self) -> str:
        return f"Submission {self.number} of application {self.application_id}"


def _document_path(instance: Document, filename: str) -> str:
    """A random stored name: the uploaded name is kept only as data, never as a path."""
    return f"applications/{instance.application_id}/{uuid4().hex}.pdf"


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", "Official transcript"


class Document(models.Model):
    """An uploaded PDF. Never overwritten; removing one only hides it, so submissions that
    referred to it keep it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    degree = models.ForeignKey(
        Degree, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind, default=DocumentKind.TRANSCRIPT)
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Document]] = ScopedManager(
        association="application__association"
    )

    class Meta:
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
