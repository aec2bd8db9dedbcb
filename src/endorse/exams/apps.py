from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "endorse.exams"
    verbose_name = "Written examination"
