from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "partnerplan.timescales"
    verbose_name = "Timescales, meetings and reminders"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from partnerplan.timescales.models import Meeting
        from partnerplan.timescales.services import meeting_restored

        post_save.connect(meeting_restored, sender=Meeting, dispatch_uid="meeting_restored")
