"""Reading the dataset: the board's dashboard, the exception report and an indicator's page.
Only published figures appear on any of them."""

from django.shortcuts import render
from django.utils import timezone

from boards import history
from boards.views.lookups import board_for
from safeguard.lib.pdf import pdf_response

from .. import dashboard, panels, rules
from ..models import IndicatorValue, ValueStatus
from .lookups import indicator_for


def _themes(rows):
    themes = {}
    for row in rows:
        themes.setdefault(row.indicator.theme, []).append(row)
    return list(themes.items())


def board_dashboard(request, pk):
    board = board_for(request, pk)
    rows = dashboard.board_dashboard(board)
    exceptions = dashboard.exceptions(rows)
    user = request.user
    can_validate = rules.may_validate_on(user, board)
    return render(request, "performance/dashboard.html", {
        "board": board, "exceptions": exceptions,
        "themes": _themes(sorted((r for r in rows if not r.is_exception),
                                 key=lambda r: (r.indicator.theme.position,
                                                r.indicator.theme.name, r.indicator.position,
                                                r.indicator.code))),
        "indicator_count": len(rows),
        "can_submit": rules.may_submit_for(user, board),
        "can_validate": can_validate,
        "waiting": IndicatorValue.objects.filter(indicator__board=board,
                                                 status=ValueStatus.SUBMITTED).count()
        if can_validate else None,
        "can_manage": user.has_perm("boards.manage_board", board),
    })


def exception_report(request, pk, as_pdf=False):
    """A paper for the meeting: what is off target or worsening, with the owning agency's
    account of it. Printed from the browser, or downloaded as a PDF with each trend chart."""
    board = board_for(request, pk)
    rows = dashboard.exceptions(dashboard.board_dashboard(board))
    context = {"board": board, "rows": rows, "today": timezone.localdate(),
               "next_meeting": board.next_meeting()}
    if as_pdf:
        return pdf_response("performance/exception_report_pdf.html", context,
                            filename=f"exception-report-{context['today']:%Y-%m-%d}.pdf")
    return render(request, "performance/exception_report.html", context)


def indicator_detail(request, pk):
    indicator = indicator_for(request, pk)
    user = request.user
    page = dashboard.indicator_page(indicator)
    board = indicator.board
    return render(request, "performance/indicator_detail.html", {
        "indicator": indicator, "page": page, "row": page.row, "board": board,
        "cited_by": panels.cited_by(indicator, user),
        "steps": panels.steps(indicator, user),
        "can_comment": user.has_perm("performance.write_commentary", indicator),
        "can_manage": user.has_perm("performance.manage_indicators", indicator),
        "can_benchmark": user.has_perm("performance.enter_benchmarks", indicator),
        "can_raise_action": user.has_perm("boards.manage_board", board),
        "history": history.of(indicator),
    })
