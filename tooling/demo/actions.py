"""The demo's actions: some arising from the minutes, some entered directly, and the
Warrington board's numbered action plan in response to the LGA peer review."""

from datetime import date, timedelta

from actions import services
from actions.models import Action, ActionSource, ActionStatus
from recommendations import services as recommendation_services
from recommendations.models import SourceKind

from .meetings import at

NS, IP, DONE = ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETE
ACTIONS = (  # board, item title (None: entered directly), description, lead, due, status
    ("lscb", "Session 1: Implications of Working Together 2013", "For the CTB and WSCB to "
     "consider how best to ensure a productive relationship exists", "dcs", (2014, 3, 31), DONE),
    ("lscb", "Session 1: Implications of Working Together 2013", "For the CTB to review its "
     "current operational and sub group model", "dcs", (2014, 6, 30), DONE),
    ("lscb", "Session 2: Performance information", "Establish an extraordinary meeting in "
     "February 2014 to design multi-agency performance information", "manager", (2014, 2, 28),
     DONE),
    ("lscb", "Session 3: Ofsted review of the effectiveness of LSCBs", "Request examples of good "
     "or emerging practice from agencies", "manager", (2014, 3, 31), IP),
    ("improvement", "Progress against Ofsted recommendations", "Establish outcome indicators to "
     "evidence the longer-term impact of the WSCB actions", "manager", (2017, 9, 30), IP),
    ("improvement", "Core performance indicators", "Show sickness absence over time",
     "performance", (2017, 6, 28), DONE),
    ("improvement", "Audit framework and dip samples", "Set up a multi-agency task and finish "
     "group on the pre-birth pathway", "safeguarding", (2017, 7, 31), DONE),
    ("improvement", "Case complexity report", "Prepare a very simple paper outlining the numbers "
     "of young children becoming looked after", "analyst", (2017, 6, 28), DONE),
    ("improvement", "Workforce deep dive", "Invite a group manager to describe how sickness "
     "absence is managed", "hr", (2017, 7, 31), NS),
    ("executive", "Draft model: Wirral Safeguarding Partners", "Add prompts to police online "
     "forms so that officers record the child's voice", "partner", (2019, 9, 1), IP),
    ("lscb", None, "Resolve the partner funding proposal for the WSCB", "chief_exec",
     (2017, 5, 30), IP),
    ("performance", None, "Publish the revised audit framework", "qa", (2017, 5, 31), DONE),
    ("cse", None, "Report CSE disruption activity and prosecutions", "partner", (2027, 2, 15), NS),
)


# Warrington Safeguarding Children Board: LGA Peer Review Response, 26 January 2015 (seed 003).
WARRINGTON_PLAN = (
    (1, "To strengthen WSCB sub-group structure and further improve partnership links, "
        "including early years, the third sector and some of the minority communities in the "
        "town", (
        ("1.1", "Review membership of WSCB and its sub groups", (2015, 1, 31),
         "A review of WSCB membership and sub-groups has been undertaken. The Early Help "
         "Sub Group will move to the Children and Young People's Partnership, with the Board "
         "keeping scrutiny of early help.", DONE),
        ("1.2", "Improve partnership links with early years sector", (2015, 1, 31),
         "The Board member for the Warrington Association of Primary Head teachers also "
         "represents the early years sector.", DONE),
        ("1.3", "Improve partnership links with third sector by completing a review of Board "
                "and sub-group members", (2015, 3, 31), "To be completed in March.", IP),
        ("1.4", "Improve partnership links with some of the minority communities in the town "
                "by developing the role of the WSCB Faith and Community group", (2015, 1, 31),
         "An invitation was made to the WSCB Chair and WSCB Manager to meet with Imams and to "
         "deliver safeguarding training to the local mosques.", IP),
        ("1.5", "Develop the Board's understanding of the local communities in Warrington",
         (2015, 1, 31), "WSCB is working with the Changing Warrington Strategic Task and "
                        "Finish Group.", IP),
        ("1.6", "Deliver the action plan from the WSCB \"Understanding Our Communities\" "
                "workshop", (2015, 4, 30), "Action plan drafted.", IP),
    )),
    (2, "Ensure that lay members are given focused tasks in relation to their role", (
        ("2.1", "Recruit 2 lay members, one from Warrington's minority community, ensuring "
                "that the Board has a total of 3 lay members", (2015, 4, 30),
         "One additional lay member has been recruited.", IP),
        ("2.2", "Agree lead roles for lay members to undertake to support the work of the "
                "Board", (2015, 2, 28), "It has been agreed that one lay member is to "
                                        "champion private fostering for the Board.", DONE),
    )),
    (3, "At a strategic level keep sight of the WSCB priorities, business plan and delivery "
        "with the use of exception reporting to assist the sense of focus", (
        ("3.1", "Review the WSCB Business Plan to ensure that in 2015 it sets out the Board's "
                "current priorities", (2015, 2, 28), "Following a WSCB workshop in December "
                "2014 the business plan has been refreshed.", DONE),
        ("3.2", "Report by exception to the Board on the delivery of its priorities "
                "throughout 2015-2016", (2016, 3, 31), "", None),
    )),
    (4, "Build on the work already done to evidence impact, particularly with a systematic "
        "focus on children and young people", (
        ("4.1", "Review the WSCB Business Plan to include specific and measurable outcomes "
                "that demonstrate impact on children and young people", (2015, 2, 28),
         "Draft outcomes agreed at the Executive.", IP),
        ("4.2", "Ensure that the voice of the child and their lived experience is reported to "
                "the Board as part of the learning from multi-agency audits", (2015, 12, 31),
         "The next multi-agency audit will include the voice of the child.", IP),
    )),
    (5, "Strengthen the Board's approach to risk management", (
        ("5.1", "Identify operational and strategic changes for partner agencies which may "
                "impact on the effectiveness of services to safeguard children", (2015, 6, 30),
         "", None),
    )),
)


def make_actions(demo):
    for board, title, description, lead, due, status in ACTIONS:
        item, person = demo.items.get(title), demo.people[lead]
        assert item is None or item.meeting.board == demo.boards[board], title
        action = Action.objects.create(
            board=demo.boards[board], description=description, lead_person=person,
            lead_agency=person.agency, due_on=date(*due), status=status,
            source=ActionSource.MINUTE_ITEM if item else ActionSource.DIRECT,
            agenda_item=item, is_confidential=bool(item and item.is_confidential),
            created_by=demo.manager)
        raised = item.meeting.starts_at if item else at(date(*due)) - timedelta(days=60)
        Action.objects.filter(pk=action.pk).update(created_at=raised)


def make_warrington_plan(demo):
    """The LGA peer review of the board (seed 003) as a source of recommendations, one per area
    for development, and the board's action plan in response, numbered under them, with the
    February 2015 progress updates."""
    board, lead = demo.boards["warrington"], demo.people["warr_manager"]
    review = recommendation_services.source_create(
        board=board, by=lead, kind=SourceKind.PEER_REVIEW, title="LGA peer review response",
        body="Local Government Association", made_on=date(2014, 11, 14))
    for number, title, actions in WARRINGTON_PLAN:
        recommendation = recommendation_services.recommendation_create(
            source=review, by=lead, number=str(number), text=title)
        for action_number, description, due, update, status in actions:
            action = services.action_create(
                board=board, created_by=lead, plan=review.plan, area=recommendation.area,
                number=action_number, description=description, lead_person=lead,
                lead_agency=lead.agency, due_on=date(*due), source=ActionSource.RECOMMENDATION,
            )
            recommendation.actions.add(action)
            if update:
                services.progress_add(action=action, by=lead, text=update,
                                      status=status, version=action.version)
