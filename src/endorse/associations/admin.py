"""Associations are created by a platform administrator (a superuser who signed in with the
second factor), in the admin."""

from __future__ import annotations

from django.contrib import admin

from .models import Association


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin[Association]):
    list_display = ("name", "short_name", "slug", "hosts", "number_prefix")
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("short_name",)}
