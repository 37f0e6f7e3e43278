"""Export a tracker as CSV or XLSX: queued, built in the background, progress shown."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from safeguard.lib.spreadsheets import CONTENT_TYPES

from .. import scopes, services
from ..forms import ExportForm
from ..models import Export


@require_POST
def export_start(request):
    form = ExportForm(request.POST)
    if not form.is_valid():
        return render(request, "bad_request.html", status=400, context={
            "message": "The export was not started: go back to the tracker and press Export "
                       "again."})
    scope = form.cleaned_data["scope"]
    board, _ = scopes.resolve(request, scope)  # checks the person may see that tracker
    export = services.export_request(person=request.user, board=board, scope=scope,
                                    query=form.cleaned_data["query"],
                                    file_format=form.cleaned_data["format"])
    return redirect("actions:export_status", code=export.code)


def export_status(request, code):
    export = get_object_or_404(Export, code=code, requested_by=request.user)
    return render(request, "actions/export_status.html", {"export": export})


def export_download(request, code):
    export = get_object_or_404(Export, code=code, requested_by=request.user,
                               status=Export.Status.DONE)
    return FileResponse(export.file.open("rb"), as_attachment=True,
                        content_type=CONTENT_TYPES[export.file_format],
                        filename=export.file.name.rsplit("/", 1)[-1])
