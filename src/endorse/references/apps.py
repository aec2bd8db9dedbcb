from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks

from endorse.notifications.signals import message_undelivered


class ReferencesConfig(AppConfig):
    name = "endorse.references"
    verbose_name = "Reference ratings"

    def ready(self) -> None:
        # The domain uses the models, which can be imported only once the app registry is ready.
        from . import domain

        message_undelivered.connect(
            domain.on_message_undelivered, dispatch_uid="references-undelivered"
        )
        checks.register(check_questions)


def check_questions(**kwargs: Any) -> list[checks.CheckMessage]:
    """The configured rating form must load, so a typo fails at start-up, not for a rater."""
    # The questions module reads the associations' models: imported once the registry is ready.
    from .questions import current_questions

    try:
        current_questions()
    except (LookupError, KeyError, ValueError) as error:
        return [
            checks.Error(
                f"ENDORSE_REFERENCE_QUESTIONS: {error}", id="endorse.E001", obj="references"
            )
        ]
    return []
