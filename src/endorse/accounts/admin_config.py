"""Django's admin app, with the product's admin site (`admin_site.StaffAdminSite`) as its default.

A module of its own: an app config is imported before any model may be."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "endorse.accounts.admin_site.StaffAdminSite"
