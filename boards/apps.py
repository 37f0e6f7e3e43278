from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards, people, meetings and minutes"

    def ready(self):
        from . import signals  # noqa: F401
