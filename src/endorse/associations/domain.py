"""Writes to an association's own record."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from .models import Association

audit = logging.getLogger("endorse.audit")

# What the association's staff change on its settings page; its slug and host names are the
# platform administrator's (the admin), since they route every request.
EDITABLE = (
    "name",
    "short_name",
    "contact_email",
    "serves",
    "from_email",
    "reply_to",
    "logo",
    "brand_colour",
    "signatory_name",
    "signatory_title",
    "time_zone",
    "categories",
    "default_policy",
    "reviewers_required",
    "reference_link_days",
    "reference_reminder_days",
    "reference_questions",
    "number_prefix",
    "registry_disclaimer",
    "renewal_policy",
    "renewal_fee",
    "late_fee",
    "membership_year_end_month",
    "membership_year_end_day",
)


def association_update(
    *, association: Association, changes: dict[str, Any], actor_email: str
) -> Association:
    """Change the association's settings (only `EDITABLE` ones), validated as a whole first;
    the audit log names who changed which settings."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not a setting staff change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        changed = sorted(k for k, v in changes.items() if getattr(locked, k) != v)
        for name in changed:
            setattr(locked, name, changes[name])
        locked.full_clean()
        if changed:
            locked.save(update_fields=changed)
    audit.info(
        "association %s settings changed: %s (by %s)",
        locked.slug,
        ", ".join(changed) or "nothing",
        actor_email,
    )
    return locked
