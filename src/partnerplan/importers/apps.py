from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "partnerplan.importers"
    verbose_name = "Importing plans"
