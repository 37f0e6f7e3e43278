from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = "Challenge log"

    def ready(self):
        from . import panels, reminders

        panels.register()
        reminders.register()
