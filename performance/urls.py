from django.urls import path

from .views import dashboard, define, entry, imports

app_name = "performance"

urlpatterns = [
    path("board/<int:pk>/", dashboard.board_dashboard, name="dashboard"),
    path("board/<int:pk>/exceptions/", dashboard.exception_report, name="exceptions"),
    path("board/<int:pk>/exceptions.pdf", dashboard.exception_report, {"as_pdf": True},
         name="exceptions_pdf"),
    path("board/<int:pk>/enter/", entry.enter_values, name="enter"),
    path("board/<int:pk>/validate/", entry.validate_values, name="validate"),
    path("board/<int:pk>/publish/", entry.publish_values, name="publish"),
    path("board/<int:pk>/import/", imports.upload, name="import"),
    path("board/<int:pk>/import/format/", imports.format_help, name="import_format"),
    path("board/<int:pk>/indicators/new/", define.indicator_create, name="indicator_create"),
    path("indicator/<int:pk>/", dashboard.indicator_detail, name="indicator"),
    path("indicator/<int:pk>/targets/", define.target_set, name="target_set"),
    path("indicator/<int:pk>/benchmarks/", define.benchmark_set, name="benchmark_set"),
    path("indicator/<int:pk>/commentary/<str:period>/", define.commentary_edit,
         name="commentary"),
    path("indicator/<int:pk>/action/", define.raise_action, name="raise_action"),
]
