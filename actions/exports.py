"""Tracker exports, built in the background chunk by chunk so the waiting page can show
progress and no request ever times out, however many rows."""

import tablib
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone

from safeguard.lib import spreadsheets

from . import scopes
from .filters import ActionFilter
from .models import Action, Export
from .resources import ActionResource


def build(export_id):
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING)
    try:
        actions = ActionFilter(QueryDict(export.query),
                               queryset=scopes.actions_for(export.scope, export.requested_by)).qs
        ids = list(actions.order_by("sort_key", "due_on", "pk").values_list("pk", flat=True))
        Export.objects.filter(pk=export.pk).update(rows_total=len(ids))
        resource = ActionResource()
        dataset = tablib.Dataset(headers=resource.get_export_headers())
        chunk = settings.EXPORT_CHUNK_ROWS
        for start in range(0, len(ids), chunk):
            part = list(Action.objects.for_tracker().filter(pk__in=ids[start:start + chunk])
                        .order_by("sort_key", "due_on", "pk"))
            for row in resource.export(queryset=part):
                dataset.append(row)
            Export.objects.filter(pk=export.pk).update(rows_done=min(start + chunk, len(ids)))
        content = spreadsheets.export_dataset(dataset, export.file_format)  # formulae made safe
        name = f"actions-{timezone.localdate():%Y-%m-%d}.{export.file_format}"
        export.file.save(name, ContentFile(content), save=False)
        Export.objects.filter(pk=export.pk).update(
            file=export.file.name, status=Export.Status.DONE, finished_at=timezone.now(),
        )
    except Exception:
        Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED,
                                                   finished_at=timezone.now())
        raise


