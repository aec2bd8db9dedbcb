from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "endorse.notifications"
    verbose_name = "Email outbox"
