from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [path("outbox/bounces/", views.bounce_report, name="bounce_report")]
