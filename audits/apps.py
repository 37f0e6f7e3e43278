from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits and self-assessments"

    def ready(self):
        from . import panels

        panels.register()
