from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "jobtracker.network"
    label = "network"
