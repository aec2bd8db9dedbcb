from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from endorse.worker import run_worker


class Command(BaseCommand):
    help = "Send queued email and run periodic jobs (reference reminders, retries) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run what is due once, then exit (for cron)"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls (default 1)"
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        run_worker(interval=interval, once=once)
