"""The coordinator's archive export, under /staff/export/."""

from django.urls import path

from . import views

app_name = "staff_exports"
urlpatterns = [
    path("", views.exports, name="exports"),
    path("<int:pk>/download/", views.download, name="download"),
]
