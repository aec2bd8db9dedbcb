"""A coordinator's request for their association's archive: requested, built by the worker,
downloaded once; the stored file is deleted after the download or when it expires."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from endorse.associations.models import current_association_id


class ArchiveExport(models.Model):
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="+",
        default=current_association_id,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    # Where the archive is stored (through the storage API, so in the bucket when there is one);
    # emptied when the file is deleted.
    stored_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    failed = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[ArchiveExport]] = ScopedManager(association="association")

    class Meta:
        ordering = ("-requested_at", "-pk")

    def __str__(self) -> str:
        return f"Archive export {self.pk} of association {self.association_id}"

    @property
    def state(self) -> str:
        if self.failed:
            return "failed"
        if self.downloaded_at is not None:
            return "downloaded"
        if self.deleted_at is not None:
            return "expired"
        if self.built_at is not None:
            return "ready"
        return "building"
