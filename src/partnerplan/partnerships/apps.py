from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerplan.partnerships"
    label = "partnerships"
    verbose_name = "Partnership framework"
