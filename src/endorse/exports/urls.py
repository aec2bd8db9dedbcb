"""A person's own data, under /profile/data/."""

from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [path("", views.my_data, name="my_data")]
