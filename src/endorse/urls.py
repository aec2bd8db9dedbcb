from django.contrib import admin
from django.urls import include, path

from endorse.associations.views import brand_css
from endorse.favicon import favicon
from endorse.health import health

urlpatterns = [
    path("", include("endorse.selfcheck.urls")),
    path("", include("endorse.references.urls")),
    path("", include("endorse.notifications.urls")),
    path("", include("endorse.conversations.urls")),
    path("accounts/", include("allauth.urls")),
    path("profile/data/", include("endorse.exports.urls")),
    path("profile/", include("endorse.accounts.urls")),
    path("applications/", include("endorse.workspace.urls")),
    path("staff/renewals/", include("endorse.renewals.urls_staff")),
    path("staff/export/", include("endorse.exports.urls_staff")),
    path("staff/", include("endorse.review.urls")),
    path("staff/exams/", include("endorse.exams.urls")),
    path("", include("endorse.registry.urls")),
    path("renewal/", include("endorse.renewals.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    path("brand.css", brand_css, name="brand_css"),
]

handler500 = "endorse.errors.server_error"
