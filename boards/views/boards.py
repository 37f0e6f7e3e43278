"""Home, boards, sub-groups, reporting lines and memberships."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguard.lib.forms import add_service_error
from safeguard.lib.paging import paginate
from safeguard.lib.params import year_from

from .. import history, panels, selectors, services
from ..filters import BoardFilter
from ..forms import BoardForm, MembershipForm, ReportBackForm, ReportingLineForm, SubGroupForm
from ..models import (
    Board,
    Meeting,
    Membership,
    ReportingLine,
    Role,
)
from ..rules import current_roles
from .editing import versioned_edit
from .lookups import board_for, membership_for, require_perm


def home(request):
    """My boards and my next meetings, with venues: they change."""
    roles = current_roles(request.user)
    my_boards = Board.objects.filter(pk__in=roles.keys()).order_by("name")
    next_meetings = (
        Meeting.objects.upcoming().filter(board__in=my_boards).select_related("board")[:10]
    )
    role_labels = {
        board_id: sorted(Role(role).label for role in board_roles)
        for board_id, board_roles in roles.items()
    }
    return render(request, "boards/home.html", {
        "my_boards": [(board, role_labels.get(board.pk, [])) for board in my_boards],
        "next_meetings": next_meetings,
        "calendar_url": request.build_absolute_uri(
            f"/calendar/{request.user.calendar_token}.ics"
        ),
    })


@require_POST
def calendar_renew(request):
    services.calendar_address_renew(person=request.user)
    messages.success(request, "Your calendar has a new address. The old one no longer works: "
                              "subscribe to the new one in your calendar.")
    return redirect("boards:home")


def board_list(request):
    queryset = Board.objects.all()
    if not request.user.is_superuser:
        queryset = queryset.filter(pk__in=current_roles(request.user).keys())
    boards = BoardFilter(request.GET, queryset=queryset.order_by("name").annotate(
        member_count=Count("memberships", filter=Q(memberships__ends_on__isnull=True)
                           | Q(memberships__ends_on__gte=timezone.localdate()))
    ))
    return render(request, "boards/board_list.html", {
        "filter": boards, "page": paginate(request, boards.qs),
        "can_add": request.user.has_perm("boards.add_board"),
    })


def board_create(request):
    require_perm(request, "boards.add_board")
    form = BoardForm(request.POST or None)
    if form.is_valid():
        board = services.board_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, f"{board} created. You are its business manager.")
        return redirect(board)
    return render(request, "boards/form_page.html", {
        "form": form, "title": "Add a board", "back": "boards:board_list",
    })


def board_detail(request, pk):
    board = board_for(request, pk)
    today = timezone.localdate()
    members = (
        board.memberships.current().select_related("person__agency")
        .order_by("role", "person__full_name")
    )
    sub_lines = (
        ReportingLine.objects.filter(reports_to=board).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        ).select_related("board")
    )
    return render(request, "boards/board_detail.html", {
        "board": board,
        "members": members,
        "past_members": board.memberships.filter(ends_on__lt=today).select_related("person"),
        "membership_history": selectors.membership_history(board),
        "lines": board.reporting_lines.select_related("reports_to").order_by("-starts_on"),
        "sub_lines": sub_lines,
        "upcoming": board.meetings.upcoming()[:5],
        "recent": board.meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at")[:5],
        "can_manage": request.user.has_perm("boards.manage_board", board),
        "counts": panels.board_counts(board),
        "links": panels.links("board", board),
        "history": history.of(board),
    })


def board_edit(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    return versioned_edit(
        request, board, BoardForm, title=f"Edit {board}", back=board.get_absolute_url(),
        save=lambda form: services.board_edit(board=board, version=form.cleaned_data["version"],
                                              by=request.user, **form.changes()),
        success=f"{board} saved.",
    )


def report_back_edit(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    return versioned_edit(
        request, board, ReportBackForm, title=f"Report-back meeting for {board}",
        back=board.get_absolute_url(),
        save=lambda form: services.board_edit(board=board, version=form.cleaned_data["version"],
                                              by=request.user, **form.changes()),
        success="Report-back meeting saved.",
    )


def subgroup_create(request, pk):
    parent = board_for(request, pk, "boards.manage_board")
    form = SubGroupForm(request.POST or None, parent=parent)
    if form.is_valid():
        board = services.board_create(created_by=request.user, parent=parent,
                                      **form.cleaned_data)
        messages.success(request, f"{board} created, reporting to {parent}.")
        return redirect(board)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add a sub-group to {parent}", "back": parent.get_absolute_url(),
    })


def reporting_line_move(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    form = ReportingLineForm(request.POST or None, board=board)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.reporting_line_move(board=board, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{board} now reports to {form.cleaned_data['reports_to']}.")
            return redirect(board)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Move the reporting line of {board}",
        "back": board.get_absolute_url(),
        "intro": "The current line ends the day before the new one starts; its history is kept.",
    })


def membership_form(request, pk=None, board_pk=None):
    if pk:
        return membership_edit(request, pk)
    board = board_for(request, board_pk, "boards.manage_board")
    form = MembershipForm(request.POST or None, instance=Membership(board=board), board=board)
    if form.is_valid():
        services.membership_save(membership=form.instance, by=request.user)
        messages.success(request, f"Membership of {form.instance.person} saved.")
        return redirect(board)
    return render(request, "boards/form_page.html", {
        "form": form, "back": board.get_absolute_url(), "title": f"Add a member to {board}",
    })


def membership_edit(request, pk):
    """A change of role or dates, such as ending someone's membership."""
    membership = membership_for(request, pk, "boards.manage_board")
    board = membership.board
    return versioned_edit(
        request, membership, MembershipForm, board=board, done=board,
        title=f"Edit membership of {membership.person}", back=board.get_absolute_url(),
        also_show={"history": history.of(membership), "what": "membership"},
        save=lambda form: services.membership_edit(
            membership=membership, version=form.cleaned_data["version"], by=request.user,
            **form.changes()),
        success=f"Membership of {membership.person} saved.",
    )


def attendance_by_agency(request, pk):
    """Attendance by agency for one year: one row per agency, one column per meeting."""
    board = board_for(request, pk)
    years = selectors.meeting_years(board)
    year = year_from(request, default=years[0] if years else timezone.now().year)
    table = selectors.attendance_by_agency(board, year)
    return render(request, "boards/attendance_by_agency.html", {
        "board": board, "year": year, "years": years, "meetings": table.meetings,
        "agencies": table.agencies,
    })
