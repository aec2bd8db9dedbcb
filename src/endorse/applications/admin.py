"""The admin of applications and their event log (a rater's request: `references.admin`)."""

from django.contrib import admin

from .models import Application, ApplicationEvent


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
