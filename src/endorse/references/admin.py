"""The admin of reference requests: the coordinator follows them and vets claimed endorsements.

The `Rater` model lives in `applications` (it is a row of the references section); its admin
lives here because its one action is a reference write (`domain.rater_endorsement_verify`).
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from endorse.applications.models import Rater

from .domain import rater_endorsement_verify, rater_vet


@admin.register(Rater)
class RaterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Reference requests, for the coordinator to follow and to vet claimed endorsements.

    Read-only: requests change only through the applicant's and the rater's own pages, and
    vetting through the action below (which records who vetted). Ratings are not shown here.
    """

    list_display = (
        "name",
        "application",
        "role",
        "status",
        "endorsement_level",
        "endorsement_number",
        "endorsement_verified",
        "vetted",
        "sent_at",
        "expires_at",
    )
    list_filter = ("status", "endorsement_verified", "endorsement_level")
    search_fields = ("name", "email", "endorsement_number", "application__applicant__email")
    list_select_related = ("application__applicant",)
    exclude = ("token_nonce",)
    actions = ("verify_endorsement", "vet_rater")

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [f.name for f in Rater._meta.fields if f.name != "token_nonce"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Verify the claimed endorsement (vetted by me)")
    def verify_endorsement(self, request: HttpRequest, queryset: QuerySet[Rater]) -> None:
        verified = 0
        for rater in queryset.filter(endorsement_verified=False).exclude(endorsement_level=""):
            rater_endorsement_verify(rater=rater, actor=request.user)  # type: ignore[arg-type]
            verified += 1
        messages.success(request, f"{verified} endorsement{'s' if verified != 1 else ''} verified.")

    @admin.action(description="Vet the rater, who is not endorsed (vetted by me)")
    def vet_rater(self, request: HttpRequest, queryset: QuerySet[Rater]) -> None:
        vetted = 0
        for rater in queryset.exclude(vetted=True):
            rater_vet(rater=rater, vetted=True, actor=request.user)  # type: ignore[arg-type]
            vetted += 1
        messages.success(request, f"{vetted} rater{'s' if vetted != 1 else ''} vetted.")
