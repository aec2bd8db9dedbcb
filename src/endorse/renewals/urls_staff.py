"""The coordinator's renewal queue, under /staff/renewals/."""

from django.urls import path

from . import views_staff, views_staff_inactive

app_name = "staff_renewals"
urlpatterns = [
    path("", views_staff.queue_page, name="queue"),
    path("export.csv", views_staff.queue_csv, name="queue_csv"),
    path("accept/", views_staff.bulk_accept, name="bulk_accept"),
    path("<int:pk>/", views_staff.renewal_page, name="renewal"),
    path("<int:pk>/payment/", views_staff.payment, name="payment"),
    path("<int:pk>/accept/", views_staff.accept, name="accept"),
    path("<int:pk>/send-back/", views_staff.send_back, name="send_back"),
    path("<int:pk>/raters/<int:rater_pk>/", views_staff.rater_call, name="rater_call"),
    path(
        "endorsements/<int:pk>/inactive/",
        views_staff_inactive.record_inactive,
        name="record_inactive",
    ),
    path(
        "inactive-requests/<int:pk>/refuse/",
        views_staff_inactive.refuse_inactive_request,
        name="refuse_inactive_request",
    ),
    path(
        "reactivations/<int:pk>/",
        views_staff_inactive.reactivation_page,
        name="reactivation",
    ),
    path(
        "reactivations/<int:pk>/payment/",
        views_staff_inactive.reactivation_payment,
        name="reactivation_payment",
    ),
    path(
        "reactivations/<int:pk>/rsc/<int:hours_pk>/approve-provider/",
        views_staff_inactive.reactivation_approve_provider,
        name="reactivation_approve_provider",
    ),
    path(
        "reactivations/<int:pk>/accept/",
        views_staff_inactive.reactivation_accept,
        name="reactivation_accept",
    ),
    path(
        "<int:pk>/rsc/<int:hours_pk>/approve-provider/",
        views_staff.approve_provider,
        name="approve_provider",
    ),
]
