from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "endorse.review"
    verbose_name = "Verification and review"
