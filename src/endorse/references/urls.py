from django.urls import path

from . import views

app_name = "references"
urlpatterns = [
    path("r/<str:token>/", views.landing, name="landing"),
    path("r/<str:token>/start/", views.start, name="start"),
    path("r/<str:token>/rating/", views.rate, name="rate"),
    path("r/<str:token>/decline/", views.decline, name="decline"),
    path(
        "applications/<int:pk>/references/<int:rater_pk>/send/",
        views.request_send,
        name="send",
    ),
    path(
        "applications/<int:pk>/references/<int:rater_pk>/nudge/",
        views.request_nudge,
        name="nudge",
    ),
    path(
        "applications/<int:pk>/references/<int:rater_pk>/replace/",
        views.request_replace,
        name="replace",
    ),
]
