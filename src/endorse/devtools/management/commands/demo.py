from typing import Any

from django.core.management.base import BaseCommand, CommandError

from endorse.devtools.demo import DEMO_PASSWORD, demo_create


class Command(BaseCommand):
    help = "Create demo people (a coordinator and applicants at different stages) for local use."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            logins = demo_create()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        if not logins:
            self.stdout.write("Demo people already exist.")
            return
        self.stdout.write(f"Demo people created. Everyone's password: {DEMO_PASSWORD}")
        for login in logins:
            self.stdout.write(f"  {login.email:42} {login.who}")
