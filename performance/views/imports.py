"""Loading a board's indicator figures from a spreadsheet: upload → checked whole → submitted
for validation, or refused whole with the problems row by row. The format and the rules are in
performance/imports.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from boards.views.lookups import board_for
from safeguard.lib.forms import GDSFormMixin

from .. import imports, rules, services

SUMMARY_PROBLEMS = 10  # in the error summary; the table below lists the rest
TABLE_PROBLEMS = 1000  # a file of the wrong agency's figures would otherwise list 20,000


class UploadForm(GDSFormMixin, forms.Form):
    submit_label = "Upload and submit the figures"
    file = forms.FileField(
        label="Spreadsheet (CSV or XLSX)",
        help_text=f"Up to {imports.MAX_ROWS:,} rows and "
                  f"{imports.MAX_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Select a CSV or XLSX file",
                        "empty": "The selected file is empty"})
    correction_reason = forms.CharField(
        label="Reason for corrections (optional)", required=False,
        max_length=services.MAX_REASON, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only if the file changes figures that are already published: say "
                  "why they are being corrected. The board sees it beside each correction.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        imports.check_file(upload)
        return upload


def _board(request, pk):
    """Members who may submit for at least one of the board's indicators; other members 403,
    outsiders 404."""
    board = board_for(request, pk)
    if not rules.may_submit_for(request.user, board):
        raise PermissionDenied("Only the indicators' agencies and the business manager submit "
                               "figures.")
    return board


def _page(request, board, form, problems=()):
    problems = list(problems)
    row_problems = [p for p in problems if p.row is not None]
    for problem in problems:
        if problem.row is None:
            field = ("correction_reason" if problem.column == imports.REASON_COLUMN
                     else "file")
            form.errors.setdefault(field, form.error_class()).append(problem.message)
    if row_problems:
        count = len(row_problems)
        form.errors.setdefault("file", form.error_class()).insert(
            0, f"The file has {count:,} problem{'' if count == 1 else 's'}: nothing has been "
               f"saved. Correct the file and upload it again")
    return render(request, "performance/import_upload.html", {
        "board": board, "form": form,
        "problems": row_problems[:TABLE_PROBLEMS],
        "problems_not_shown": max(0, len(row_problems) - TABLE_PROBLEMS),
        "summary_problems": row_problems[:SUMMARY_PROBLEMS],
        "more_problems": max(0, len(row_problems) - SUMMARY_PROBLEMS),
        **_format_context(),
    })


def upload(request, pk):
    board = _board(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, board, form)
    try:
        rows = imports.read(form.cleaned_data["file"])
        loaded = imports.load(board, rows, by=request.user,
                              correction_reason=form.cleaned_data["correction_reason"])
    except imports.ImportRejected as rejected:
        return _page(request, board, form, rejected.problems)
    except ValidationError as error:  # a benchmark the service refused: checked, so unlikely
        return _page(request, board, form, [imports.Problem(None, "", m)
                                            for m in error.messages])
    messages.success(request, f"{loaded.words.capitalize()}.")
    # The validators go to their queue; an agency to the entry grid, where its figures wait.
    if rules.may_validate_on(request.user, board):
        return redirect("performance:validate", board.pk)
    return redirect("performance:enter", board.pk)


def format_help(request, pk):
    """The file's layout, the codes of the person's indicators, and an example CSV
    (?download=1)."""
    board = _board(request, pk)
    if request.GET.get("download"):
        response = HttpResponse(imports.example_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="indicator-figures-example.csv"'
        return response
    return render(request, "performance/import_format.html", {
        "board": board, "indicators": rules.submittable(request.user, board), **_format_context(),
    })


def _format_context():
    return {"columns": imports.COLUMN_HELP, "example": imports.EXAMPLE,
            "max_rows": f"{imports.MAX_ROWS:,}"}
