from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action tracker"

    def ready(self):
        from . import panels

        panels.register()
