from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "partnerplan.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"
