from django.urls import path

from . import views

app_name = "selfcheck"
urlpatterns = [
    path("", views.home, name="home"),
    path("check/", views.check, name="check"),
    path("guide/", views.guide, name="guide"),
]
