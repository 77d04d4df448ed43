from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "partnerplan.plans"
    verbose_name = "Plans"
