"""Recommendations' tables take the app's name, their history follows them (content types),
and each source holds its action plan, each recommendation its area for development, by key.

Until now the import found a source's plan by its title ("<source title>: action plan") and
a recommendation's area by its number; that matching is done here one last time, and never
again. Reversible: backwards, the keys are dropped and the tables take their old names."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ["recommendation", "recommendationsource"]
PLAN_SUFFIX = ": action plan"
PLAN_TITLE_LENGTH = 200


def content_types_follow(apps, schema_editor, old="challenges", new="recommendations"):
    """History rows point at content types: the two are renamed, keeping their ids, rather
    than the rows orphaned. (The history is append-only, so its rows are never repointed; a
    content type made under the new name meanwhile, with no history, gives way.)"""
    ContentType = apps.get_model("contenttypes", "ContentType")
    History = apps.get_model("boards", "History")
    for model in MOVED:
        was = ContentType.objects.filter(app_label=old, model=model).first()
        if was is None:
            continue
        now = ContentType.objects.filter(app_label=new, model=model).first()
        if now is not None:
            if History.objects.filter(content_type=now).exists():
                raise RuntimeError(f"Both {old}.{model} and {new}.{model} have history rows: "
                                   f"join them by hand before migrating.")
            now.delete()
        was.app_label = new
        was.save(update_fields=["app_label"])


def content_types_go_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, old="recommendations", new="challenges")


def plans_by_key(apps, schema_editor):
    Source = apps.get_model("recommendations", "RecommendationSource")
    ActionPlan = apps.get_model("actions", "ActionPlan")
    AreaForDevelopment = apps.get_model("actions", "AreaForDevelopment")
    taken_plans, taken_areas = set(), set()
    for source in Source.objects.order_by("pk").iterator():
        title = f"{source.title[:PLAN_TITLE_LENGTH - len(PLAN_SUFFIX)]}{PLAN_SUFFIX}"
        plan = (ActionPlan.objects.filter(board_id=source.board_id, title=title,
                                          source="recommendation")
                .exclude(pk__in=taken_plans).order_by("pk").first())
        if plan is None:
            continue
        taken_plans.add(plan.pk)
        source.plan = plan
        source.save(update_fields=["plan"])
        areas = {area.number: area for area in AreaForDevelopment.objects.filter(plan=plan)}
        for recommendation in source.recommendations.order_by("pk"):
            number = recommendation.number.strip()
            area = areas.get(int(number)) if number.isascii() and number.isdigit() else None
            if area is not None and area.pk not in taken_areas:
                taken_areas.add(area.pk)
                recommendation.area = area
                recommendation.save(update_fields=["area"])


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0011_history_into_boards"),
        ("boards", "0007_history"),
        ("challenges", "0006_recommendations_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("recommendations", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="recommendationsource", table=None),
        migrations.AlterModelTable(name="recommendation", table=None),
        migrations.RunPython(content_types_follow, content_types_go_back),
        migrations.AddField(
            model_name="recommendationsource",
            name="plan",
            field=models.OneToOneField(blank=True, editable=False, null=True,
                                       on_delete=django.db.models.deletion.PROTECT,
                                       related_name="recommendation_source",
                                       to="actions.actionplan"),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="area",
            field=models.OneToOneField(blank=True, editable=False, null=True,
                                       on_delete=django.db.models.deletion.PROTECT,
                                       related_name="recommendation",
                                       to="actions.areafordevelopment"),
        ),
        migrations.RunPython(plans_by_key, migrations.RunPython.noop),
    ]
