"""Agencies and people: the directory every board draws its members from."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from safeguard.lib.paging import paginate

from .. import history, services, signin
from ..filters import AgencyFilter, PersonFilter
from ..forms import AgencyForm, NewPersonForm, PersonForm
from ..models import Agency, Membership, Person
from .editing import versioned_edit
from .lookups import require_perm


def agency_list(request):
    require_perm(request, "boards.view_directory")
    agencies = AgencyFilter(
        request.GET,
        queryset=Agency.objects.annotate(people_count=Count("people")).order_by("name"),
    )
    return render(request, "boards/agency_list.html", {
        "filter": agencies, "page": paginate(request, agencies.qs),
        "can_manage": request.user.has_perm("boards.manage_directory"),
    })


def agency_detail(request, pk):
    require_perm(request, "boards.view_directory")
    agency = get_object_or_404(Agency, pk=pk)
    return render(request, "boards/agency_detail.html", {
        "agency": agency,
        "people": agency.people.filter(is_active=True),
        "can_manage": request.user.has_perm("boards.manage_directory"),
        "history": history.of(agency),
    })


def agency_form(request, pk=None):
    require_perm(request, "boards.manage_directory")
    if pk:
        agency = get_object_or_404(Agency, pk=pk)
        return versioned_edit(
            request, agency, AgencyForm, title=f"Edit {agency}", back=agency.get_absolute_url(),
            save=lambda form: services.agency_edit(
                agency=agency, version=form.cleaned_data["version"], by=request.user,
                **form.changes()),
            success=f"{agency} saved.",
        )
    form = AgencyForm(request.POST or None)
    if form.is_valid():
        agency = services.agency_create(by=request.user, **form.cleaned_data)
        messages.success(request, f"{agency} saved.")
        return redirect(agency)
    return render(request, "boards/form_page.html", {
        "form": form, "title": "Add an agency", "back": "boards:agency_list",
    })


def person_list(request):
    require_perm(request, "boards.view_directory")
    people = PersonFilter(request.GET, queryset=Person.objects.select_related("agency"))
    return render(request, "boards/person_list.html", {
        "filter": people, "page": paginate(request, people.qs),
        "can_manage": request.user.has_perm("boards.add_person"),
    })


def person_detail(request, pk):
    require_perm(request, "boards.view_directory")
    person = get_object_or_404(Person.objects.select_related("agency"), pk=pk)
    memberships = (
        Membership.objects.filter(person=person).select_related("board")
        .order_by("-starts_on")
    )
    return render(request, "boards/person_detail.html", {
        "person": person, "memberships": memberships,
        "can_manage": request.user.has_perm("boards.edit_person", person),
        "history": history.of(person),
    })


def person_form(request, pk=None):
    """Add a person (any business manager; an invitation goes to their address) or edit the
    name, job title and agency of someone on a board the business manager runs."""
    person = get_object_or_404(Person, pk=pk) if pk else None
    if person is not None:
        require_perm(request, "boards.edit_person", person)
        return versioned_edit(
            request, person, PersonForm, title=f"Edit {person}", back=person.get_absolute_url(),
            save=lambda form: services.person_edit(
                person=person, version=form.cleaned_data["version"], by=request.user,
                **form.changes()),
            success=f"{person} saved.",
        )
    require_perm(request, "boards.add_person")
    form = NewPersonForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        person = signin.person_add(added_by=request.user, full_name=data["full_name"],
                                   email=data["email"], job_title=data["job_title"],
                                   agency=data["agency"])
        messages.success(request, f"{person} added. We have emailed them a link to set "
                                  f"a password and sign in.")
        return redirect(person)
    return render(request, "boards/form_page.html", {
        "form": form, "title": "Add a person", "back": "boards:person_list",
    })
