"""Who a spreadsheet row names as an action's lead: found in the directory by full name or
email address (every row's leads in one query), with a problem for the row when no one, or
more than one, or someone who cannot lead it, is found."""

from django.db.models import Q
from django.db.models.functions import Lower

from actions.models import Action
from boards.models import Person
from boards.visibility import may_see
from safeguard.lib.imports import Problem


def find_leads(rows):
    """{lowered name or email: [people]} for every lead the rows name, in one query."""
    wanted = {r["lead"].strip().lower() for r in rows if r.get("lead", "").strip()}
    emails = {w for w in wanted if "@" in w}
    names = {" ".join(w.split()) for w in wanted - emails}
    found = {}
    if not wanted:
        return found
    people = (Person.objects.annotate(name_lower=Lower("full_name"), email_lower=Lower("email"))
              .filter(Q(name_lower__in=names) | Q(email_lower__in=emails))
              .select_related("agency"))
    for person in people:
        found.setdefault(person.email_lower, []).append(person)
        found.setdefault(" ".join(person.name_lower.split()), []).append(person)
    return found


def lead_in_directory(value, leads, problems, row):
    key = " ".join(value.lower().split())
    if not key:
        problems.append(Problem(row, "Lead", "Enter the lead’s full name or email address"))
        return None
    matches = leads.get(key, [])
    if not matches:
        problems.append(Problem(row, "Lead", f"No one in the directory is called or has the "
                                             f"email address “{value}”: add them first, or "
                                             f"check the spelling"))
        return None
    if len(matches) > 1:
        problems.append(Problem(row, "Lead", f"{len(matches)} people in the directory are "
                                             f"called “{value}”: give the lead’s email address "
                                             f"instead"))
        return None
    person = matches[0]
    if not person.is_active:
        problems.append(Problem(row, "Lead", f"{person} can no longer sign in: choose another "
                                             f"lead"))
        return None
    if person.agency_id is None:
        problems.append(Problem(row, "Lead", f"{person} has no agency in the directory: the "
                                             f"lead agency is the lead’s agency, so add it "
                                             f"first"))
        return None
    return person


def lead_may_see(source, person, problems, row):
    """A confidential source's actions are confidential: their lead must be able to see them
    (the rule of boards.visibility, asked of the action the row would make)."""
    if may_see(person, Action(board=source.board, is_confidential=True)):
        return person
    problems.append(Problem(row, "Lead", f"{person} is not a member of {source.board} and "
                                         f"cannot see a confidential action; choose a member "
                                         f"of the board"))
    return None
