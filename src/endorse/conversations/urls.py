"""Conversation addresses: the applicant's beside their applications, staff's under /staff/."""

from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("conversations/", views.inbox, name="inbox"),
    path("conversations/<int:pk>/", views.thread_page, name="thread"),
    path(
        "conversations/messages/<int:pk>/correct/",
        views.message_correct,
        name="message_correct",
    ),
    path("applications/<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("help/", views.help_page, name="help"),
    path("staff/conversations/", views.staff_inbox_page, name="staff_inbox"),
    path("staff/conversations/<int:pk>/", views.staff_thread, name="staff_thread"),
    path("staff/conversations/<int:pk>/forward/", views.request_forward, name="request_forward"),
    path("staff/conversations/<int:pk>/resolve/", views.thread_resolve, name="resolve"),
    path(
        "staff/applications/<int:pk>/conversations/new/",
        views.staff_thread_new,
        name="staff_new",
    ),
]
