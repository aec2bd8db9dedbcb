from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endorse.accounts.domain import RoleError, role_grant, role_remove
from endorse.accounts.models import User
from endorse.accounts.roles import Role


class Command(BaseCommand):
    help = "Give a person a staff role (coordinator, reviewer, exam_reviewer), or take it away."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--remove", action="store_true", help="take the role away")

    def handle(self, *args: Any, email: str, role: str, remove: bool, **options: Any) -> None:
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(f"email: nobody has the address {email}")
        if remove:
            role_remove(person=person, role=role, actor=None)
            self.stdout.write(f"{person.email} is no longer {role}.")
            return
        try:
            role_grant(person=person, role=role, actor=None)
        except RoleError as error:
            raise CommandError(f"email: {error}") from None
        self.stdout.write(f"{person.email} is now {role}.")
