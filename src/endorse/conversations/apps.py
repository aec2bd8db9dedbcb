from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "endorse.conversations"
    verbose_name = "Conversations"
