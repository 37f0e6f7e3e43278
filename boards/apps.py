from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards, people, meetings and minutes"

    def ready(self):
        from . import letters, signals  # noqa: F401

        letters.register()
