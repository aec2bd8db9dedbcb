from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from endorse.devtools.demo import demo_code


class Command(BaseCommand):
    help = "Print the two-factor code the demo staff accounts accept now (local use only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo codes are for local instances only (ENDORSE_DEBUG=true)")
        self.stdout.write(demo_code())
