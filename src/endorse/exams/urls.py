from django.urls import path

from . import views

app_name = "exams"
urlpatterns = [
    path("", views.sittings, name="sittings"),
    path("<int:pk>/", views.sitting, name="sitting"),
    path("candidates/<int:pk>/part1/", views.part1, name="part1"),
    path("candidates/<int:pk>/finalize/", views.finalize, name="finalize"),
    path("candidates/<int:pk>/part2/", views.part2_upload, name="part2_upload"),
    path("marking/<int:pk>/responses/", views.part2_response, name="part2_response"),
    path("marking/", views.marking, name="marking"),
    path("marking/<int:pk>/", views.mark, name="mark"),
]
