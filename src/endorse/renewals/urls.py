"""The endorsee's renewal page, under /renewal/."""

from django.urls import path

from . import views, views_inactive, views_reinstatement

app_name = "renewals"
urlpatterns = [
    path("", views.renewal_page, name="page"),
    path("hours/", views.hours_log, name="hours"),
    path("submit/", views.submit, name="submit"),
    path("inactive/", views_inactive.inactive_request, name="inactive"),
    path("reactivate/", views_inactive.reactivate, name="reactivate"),
    path("reinstate/", views_reinstatement.reinstate, name="reinstate"),
    path(
        "reinstatements/<int:pk>/raters/",
        views_reinstatement.rater_add,
        name="reinstatement_rater",
    ),
    path(
        "reinstatements/<int:pk>/raters/<int:rater_pk>/nudge/",
        views_reinstatement.rater_nudge,
        name="reinstatement_nudge",
    ),
    path(
        "reinstatements/<int:pk>/raters/<int:rater_pk>/withdraw/",
        views_reinstatement.rater_withdraw,
        name="reinstatement_withdraw",
    ),
]
