from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = "Recommendations and their action plans"

    def ready(self):
        from . import panels

        panels.register()
