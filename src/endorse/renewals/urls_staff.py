"""The coordinator's renewal queue, under /staff/renewals/."""

from django.urls import path

from . import views_staff

app_name = "staff_renewals"
urlpatterns = [
    path("", views_staff.queue_page, name="queue"),
    path("export.csv", views_staff.queue_csv, name="queue_csv"),
    path("accept/", views_staff.bulk_accept, name="bulk_accept"),
    path("<int:pk>/", views_staff.renewal_page, name="renewal"),
    path("<int:pk>/payment/", views_staff.payment, name="payment"),
    path("<int:pk>/accept/", views_staff.accept, name="accept"),
    path("<int:pk>/send-back/", views_staff.send_back, name="send_back"),
    path(
        "<int:pk>/rsc/<int:hours_pk>/approve-provider/",
        views_staff.approve_provider,
        name="approve_provider",
    ),
]
