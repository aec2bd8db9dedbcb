"""The endorsee's renewal page, under /renewal/."""

from django.urls import path

from . import views

app_name = "renewals"
urlpatterns = [
    path("", views.renewal_page, name="page"),
    path("hours/", views.hours_log, name="hours"),
    path("submit/", views.submit, name="submit"),
]
