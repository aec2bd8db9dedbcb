from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope, scopes_disabled

from endorse.accounts.domain import RoleError, role_grant, role_remove
from endorse.accounts.models import User
from endorse.accounts.roles import Role
from endorse.associations.models import Association


class Command(BaseCommand):
    help = (
        "Give a person a staff role (coordinator, reviewer, exam_reviewer) in an association, "
        "or take it away."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--remove", action="store_true", help="take the role away")
        parser.add_argument(
            "--association",
            default=settings.ENDORSE_DEFAULT_ASSOCIATION,
            help="the association's slug (default: the installation's default association)",
        )

    def handle(
        self, *args: Any, email: str, role: str, remove: bool, association: str, **options: Any
    ) -> None:
        with scopes_disabled():
            found = Association.objects.filter(slug=association).first()
        if found is None:
            raise CommandError(f"association: there is no association {association!r}")
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(f"email: nobody has the address {email}")
        with scope(association=found):
            if remove:
                role_remove(person=person, role=role, actor=None)
                self.stdout.write(f"{person.email} is no longer {role} of {found}.")
                return
            try:
                role_grant(person=person, role=role, actor=None)
            except RoleError as error:
                raise CommandError(f"email: {error}") from None
        self.stdout.write(f"{person.email} is now {role} of {found}.")
