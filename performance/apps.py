from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Core performance indicators"

    def ready(self):
        from . import panels, reminders

        panels.register()
        reminders.register()
