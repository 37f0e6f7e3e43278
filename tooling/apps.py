from django.apps import AppConfig


class ToolingConfig(AppConfig):
    name = "tooling"
    verbose_name = "Demo data, national-scale seeding and the benchmark"
