from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "jobtracker.materials"
    label = "materials"
