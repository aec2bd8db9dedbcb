from typing import Any

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from endorse.accounts.models import User
from endorse.accounts.roles import Role, has_two_factor


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
        group, _ = Group.objects.get_or_create(name=role)
        if remove:
            person.groups.remove(group)
            self.stdout.write(f"{person.email} is no longer {role}.")
        else:
            if not has_two_factor(person):
                # Otherwise whoever holds the password alone could set up an app of their own
                # and become this staff member.
                raise CommandError(
                    f"email: {person.email} has no authenticator app yet; they set one up from "
                    "their account (Two-factor authentication) first, then grant the role"
                )
            person.groups.add(group)
            self.stdout.write(f"{person.email} is now {role}.")
