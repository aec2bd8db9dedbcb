from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from endorse.references.domain import rater_endorsement_verify

from .models import Application, ApplicationEvent, Rater


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("pk", "applicant", "category", "status", "created_at", "submitted_at")
    list_filter = ("status", "category", "policy")
    search_fields = ("applicant__email", "applicant__name")
    list_select_related = ("applicant",)
    readonly_fields = ("created_at", "updated_at", "submitted_at")


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the event log is append-only."""

    list_display = ("created_at", "application", "actor", "kind")
    list_filter = ("kind",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


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
        "sent_at",
        "expires_at",
    )
    list_filter = ("status", "endorsement_verified", "endorsement_level")
    search_fields = ("name", "email", "endorsement_number", "application__applicant__email")
    list_select_related = ("application__applicant",)
    exclude = ("token_nonce",)
    actions = ("verify_endorsement",)

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
