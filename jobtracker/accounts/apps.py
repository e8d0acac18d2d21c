from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jobtracker.accounts"
    label = "accounts"
