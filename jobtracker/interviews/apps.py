from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "jobtracker.interviews"
    label = "interviews"
