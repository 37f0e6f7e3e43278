"""A board's audits, as far as triangulation needs them: recorded with their findings and the
indicators they cite."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from boards import history
from boards.rules import is_member_of
from boards.views.lookups import board_for
from safeguard.lib.paging import paginate

from .. import services
from ..forms import AuditForm
from ..models import Audit


def audit_list(request, pk):
    board = board_for(request, pk)
    return render(request, "audits/audit_list.html", {
        "board": board, "page": paginate(request, Audit.objects.filter(board=board)),
        "can_manage": request.user.has_perm("boards.manage_board", board),
    })


def audit_create(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    form = AuditForm(request.POST or None, board=board)
    if form.is_valid():
        data = dict(form.cleaned_data)
        audit = services.audit_record(board=board, by=request.user,
                                      indicators=data.pop("indicators"), **data)
        messages.success(request, f"Audit “{audit}” recorded.")
        return redirect(audit)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Record an audit for {board}", "back": board.get_absolute_url(),
    })


def audit_detail(request, pk):
    audit = get_object_or_404(Audit.objects.select_related("board", "created_by"), pk=pk)
    if not is_member_of(request.user, audit.board_id):
        raise Http404("Not found")
    return render(request, "audits/audit_detail.html", {
        "audit": audit, "indicators": audit.indicators.all(), "history": history.of(audit),
    })
