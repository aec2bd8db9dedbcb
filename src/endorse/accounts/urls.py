from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("memberships/add/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership_delete"),
]
