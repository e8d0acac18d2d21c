from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "jobtracker.transfer"
    label = "transfer"
    verbose_name = "Data in and out"
