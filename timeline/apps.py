from django.apps import AppConfig


class TimelineConfig(AppConfig):
    """The one app: project and app in one package."""

    name = "timeline"
    verbose_name = "Diplomatic Timeline"
