"""Import a source's recommendations and action plan from a spreadsheet: upload → preview →
confirm. The checked rows wait in the session (under a one-off code) between the preview and
the confirmation; the confirmation checks them again and writes everything or nothing.
The format and the rules are in recommendations/imports.py."""

from django.contrib import messages
from django.shortcuts import redirect, render

from safeguard.lib.imports import Pending

from .. import imports
from ..forms import ImportForm
from .recommendations import source_for

SESSION_PREFIX = "recommendations.import."


def _pending(request):
    """At most one import waits per source."""
    return Pending(request.session, SESSION_PREFIX)


def _upload_page(request, source, form, problems=()):
    problems = list(problems)
    file_problems = [p for p in problems if p.row is None]
    row_problems = [p for p in problems if p.row is not None]
    messages_for_field = [p.message for p in file_problems]
    if row_problems:
        count = len(row_problems)
        messages_for_field.insert(0, f"The file has {count} problem{'' if count == 1 else 's'}"
                                     f": nothing has been imported. Correct the file and upload"
                                     f" it again")
    for message in messages_for_field:
        # Works for a bound form and for the fresh one shown after a failed confirmation.
        form.errors.setdefault("file", form.error_class()).append(message)
    return render(request, "recommendations/import_upload.html", {
        "source": source, "board": source.board, "form": form,
        "problems": row_problems, "summary_problems": row_problems[:10],
        "more_problems": max(0, len(row_problems) - 10),
        "columns": imports.COLUMN_HELP, "example": imports.EXAMPLE,
        "max_rows": imports.MAX_ROWS,
    })


def upload(request, pk):
    source = source_for(request, pk, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, source, form)
    upload_file = form.cleaned_data["file"]
    try:
        rows = imports.read(upload_file)
        problems = imports.check(source, rows).problems
    except imports.ImportRejected as rejected:
        problems = rejected.problems
    if problems:
        return _upload_page(request, source, form, problems)
    code = _pending(request).keep(source.pk, rows, name=upload_file.name)
    return redirect("recommendations:import_preview", pk=source.pk, code=code)


def preview(request, pk, code):
    source = source_for(request, pk, manage=True)
    waiting = _pending(request)
    pending = waiting.get(code, source.pk)
    if pending is None:
        messages.error(request, "That import has already been done or has expired: upload the "
                                "file again.")
        return redirect("recommendations:import", pk=source.pk)
    if request.method == "POST":
        try:
            recommendations, actions = imports.create(source, pending["rows"], by=request.user)
        except imports.ImportRejected as rejected:
            waiting.forget(code)
            return _upload_page(request, source, ImportForm(), rejected.problems)
        waiting.forget(code)
        messages.success(request, f"Imported {imports.counts_text(recommendations, actions)}")
        return redirect(source)
    checked = imports.check(source, pending["rows"])  # things may have changed since the upload
    if checked.problems:
        waiting.forget(code)
        return _upload_page(request, source, ImportForm(), checked.problems)
    return render(request, "recommendations/import_preview.html", {
        "source": source, "board": source.board, "checked": checked, "name": pending["name"],
        "plan_title": imports.plan_title(source),
    })
