from django.contrib import admin

from .models import Endorsement


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "name", "level", "category", "issued_on", "renew_by", "revoked_at")
    list_filter = ("level", "listed")
    search_fields = ("number", "name")
