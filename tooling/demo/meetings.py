"""The demo's meetings, agendas, attendance and minutes: the Wirral board's meetings from 2013
to its standing down in 2019, the Improvement Board's of spring 2017, a workshop of the
partnership executive, and two meetings still to come."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from boards import services
from boards.models import AttendanceStatus, Meeting, MeetingKind, Membership, Role

LONDON = ZoneInfo("Europe/London")
PRESENT, IN_ATTENDANCE = AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE
APOLOGIES = AttendanceStatus.APOLOGIES
WALLASEY, BIRKENHEAD = "Committee Room 1, Wallasey Town Hall", "Birkenhead Town Hall"
# As the 2017 minutes list them, where the job title alone does not say it.
CAPACITY = {
    "partner": "Merseyside Police – Area Commander, Vice Chair LSCB",
    "dci": "Merseyside Police",
    "ccg": "Director of Policy & Patient Safety, Clinical Commissioning Group",
}

# LSCB meetings, 10:00-12:30 at Birkenhead: day, kind, one item (title, presenter, minute).
LSCB_MEETINGS = (
    (date(2013, 6, 12), "ordinary", "Annual report 2012-13", "manager", "117 Section 11 audits; "
     "16 learning points from one SCR and one CIR; 28 courses (90 sessions) for over 1,000 "
     "professionals; 1,116 children supported, 56% closed with needs met; 139 allegations."),
    (date(2013, 9, 18), "ordinary", "Working Together 2013", "chair", "Resolved to hold a "
     "development day in December with the Children's Trust Board."),
    (date(2013, 12, 6), "development_day", None, None, None),
    (date(2014, 2, 19), "extraordinary", "Multi-agency performance information", "performance",
     "A model for presenting data that allows drilling down and triangulation with audits."),
    (date(2014, 3, 19), "ordinary", "Draft multi-agency dataset", "performance",
     "Agreed, with fewer social care measures and more from health, police and schools."),
    (date(2014, 7, 16), "ordinary", "Child sexual exploitation action plan", "partner",
     "The CSE sub-committee is established; disruption activity reported."),
    (date(2014, 11, 19), "ordinary", "Section 11 audit", "manager",
     "New Section 11 audit returned by all agencies; accountability meetings with three."),
    (date(2015, 3, 18), "ordinary", "Learning from serious case reviews", "safeguarding",
     "Learning disseminated through briefings and tested by audits."),
    (date(2015, 7, 15), "ordinary", "Multi-Agency Safeguarding Hub", "dcs",
     "Co-location of children's and adults' safeguarding in the MASH."),
    (date(2015, 11, 18), "ordinary", "Annual report 2014-15", "manager",
     "Approved for publication, to be widely publicised."),
    (date(2016, 3, 16), "ordinary", "Private fostering annual report", "lay",
     "The champion for private fostering presented the annual report."),
    (date(2016, 7, 20), "ordinary", "Ofsted review of the effectiveness of the WSCB", "chair",
     "Ofsted made seven recommendations; an improvement action plan will follow."),
    (date(2016, 11, 16), "ordinary", "WSCB improvement action plan", "manager",
     "25 actions against the seven recommendations agreed, with support from the LGA."),
    (date(2017, 3, 15), "ordinary", "Neglect and the Graded Care Profile", "safeguarding",
     "Use of the Graded Care Profile varies; a challenge to partners added to the log."),
    (date(2017, 5, 30), "ordinary", "Serious incident notifications", "safeguarding",
     "Some incidents are recognised late; the Board challenged compliance with the procedure."),
    (date(2017, 9, 20), "ordinary", "Neglect strategy", "nurse", "Refreshed strategy presented."),
    (date(2018, 1, 17), "ordinary", "Audit framework", "qa",
     "Frontline practitioners and families now contribute to every multi-agency audit."),
    (date(2018, 5, 16), "ordinary", "Child sexual exploitation sub-committee report", "dci",
     "Referrals, disruption activity and prosecutions for the year reported."),
    (date(2018, 9, 19), "ordinary", "Working Together 2018", "manager",
     "The three safeguarding partners will replace the Board by September 2019."),
    (date(2019, 3, 20), "ordinary", "Wirral Safeguarding Partners: the model", "manager",
     "To Cabinet on 25 March 2019; published on 29 March 2019."),
    (date(2019, 6, 19), "ordinary", "Transition to the new arrangements", "chair",
     "The WSCB stands down at midnight on 31 August 2019."),
)
DEPUTY_DAY = date(2018, 5, 16)  # the area commander sends the DCI in his place
DEVELOPMENT_DAY_ITEMS = (
    ("Session 1: Implications of Working Together 2013", "chair", "Lines of responsibility "
     "between the WSCB and the CTB are often unclear: how does the WSCB hold the CTB to account?"),
    ("Session 2: Performance information", "safeguarding", "The data is social care 'heavy'; "
     "boards can be data rich but intelligence poor. Needed: drill-down and triangulation."),
    ("Session 3: Ofsted review of the effectiveness of LSCBs", "chair", "Record good practice; "
     "record the voice of the child, family and practitioner; show better challenge."),
)
IB_MARCH_ITEMS = (
    ("Director's update", "dcs", "The Board asked what a good assessment of children aged 0-2 "
     "looks like, and for information on the complexity of casework."),
    ("Improvement monitoring", "performance", "Summary report on the improvement plan noted."),
)
IB_MAY_ITEMS = (  # title, presenter, confidential, discussion
    ("Action Tracker", "manager", False,
     "The progress of completing actions captured in the Action Tracker was noted."),
    ("Director's update", "dcs", False, "Ofsted's monitoring visit on 5-6 April 2017 looked at "
     "Step Up & Step Down. The DfE six-month review found progress good but still fragile."),
    ("Progress against Ofsted recommendations", "chair", False, "Overall 23 out of 25 actions "
     "completed, 5 out of 25 show evidence of impact. The funding proposal goes to the WSCB on "
     "30 May. The focus must now move from process to outcomes."),
    ("Challenge log", "chair", False, "Challenges are tracked at each WSCB meeting. A challenge "
     "to partners about use of the Graded Care Profile where neglect is a concern was added."),
    ("Risk register", "manager", False, "A risk register for all committees is being introduced "
     "so that issues are recorded and escalated without delay."),
    ("Core performance indicators", "performance", False, "21 core performance indicators agreed. "
     "Repeat contacts down from 19.1% at inspection to 5.1% in March 2017. Sickness 17.17 FTE "
     "days lost; members asked to see sickness over time. Comparisons need care."),
    ("Audit framework and dip samples", "safeguarding", False, "Dip sample of 26 assessments "
     "with no further action: 19 appropriate, 4 unclear, 1 disagreed and referred back."),
    ("Case complexity report", "deputy_dcs", True, "Highly confidential, anonymised live cases. "
     "Complexity must not be seen as the norm; very young children looked after have doubled."),
    ("Workforce deep dive", "hr", False, "Short-term sickness remains the biggest issue; managers "
     "must be required, not invited, to attend training."),
    ("Any other business", "chair", False, "Paper copies of papers only on request."),
)
IB_JUNE_ITEMS = (("Ofsted monitoring visit letter", "dcs"),
                 ("Young children becoming looked after", "analyst"))
WORKSHOP_ITEMS = (
    ("Draft model: Wirral Safeguarding Partners", "manager", "Executive group of the three "
     "partners; partnership group twice a year; independent scrutiny with an annual report."),
    ("Timeline to the new arrangements", "manager", "Cabinet 25 March; shadow form from 1 April; "
     "the WSCB stands down 31 August; new arrangements from 1 September 2019."),
    ("Officer and member discussion", "chair", "Children and young people must be central; "
     "reality check visits continue; bi-annual updates to the Scrutiny Committee."),
)
FUTURE = (  # board, starts, venue, items: upcoming meetings for the home page
    ("lscb", datetime(2027, 1, 20, 10, tzinfo=LONDON), BIRKENHEAD,
     (("Challenge log", "chair"), ("Core performance indicators: quarter 2", "performance"))),
    ("executive", datetime(2027, 3, 17, 14, tzinfo=LONDON), WALLASEY,
     (("Independent scrutiny annual report", "chair"), ("Risk register", "manager"))),
)



def at(day, hour=10, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def schedule(demo, key, starts_at, venue, kind=MeetingKind.ORDINARY, title="", hours=2.5):
    meeting = services.meeting_schedule(
        board=demo.boards[key], created_by=demo.manager, kind=kind, title=title,
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), venue=venue)
    demo.meetings[(key, starts_at.date())] = meeting
    return meeting


def add_item(demo, meeting, title, presenter, discussion="", decisions="", confidential=False):
    item = services.agenda_item_add(meeting=meeting, title=title,
                                    presenter=demo.people.get(presenter),
                                    is_confidential=confidential)
    if discussion or decisions:
        item.discussion, item.decisions, item.updated_by = discussion, decisions, demo.manager
        item.save()
    demo.items.setdefault(title, item)  # actions refer to the first item of a title
    return item


def record_attendance(demo, meeting, present=(), in_attendance=(), apologies=(),
                      deputies=None):
    deputies = deputies or {}
    rows = [(demo.people[key], status, demo.people.get(deputies.get(key)),
             CAPACITY.get(key, demo.people[key].job_title))
            for status, keys in ((PRESENT, present), (IN_ATTENDANCE, in_attendance),
                                 (APOLOGIES, apologies)) for key in keys]
    services.attendance_record(meeting=meeting, rows=rows)


def record_minutes(demo, meeting, approved_at=None, amendments=""):
    """Circulate; approve and publish them at the next meeting if it has taken place."""
    services.minutes_circulate(meeting=meeting, by=demo.manager)
    dates = {"minutes_circulated_at": meeting.starts_at + timedelta(days=14)}
    if approved_at is not None:
        services.minutes_approve(meeting=meeting, at_meeting=approved_at,
                                 amendments=amendments, by=demo.chair)
        services.minutes_publish(meeting=meeting, by=demo.chair)
        dates["minutes_published_at"] = approved_at.starts_at + timedelta(days=3)
    Meeting.objects.filter(pk=meeting.pk).update(**dates)  # when it really happened


def lscb_meetings(demo):
    core = {"chair", "partner", "dcs", "ccg"}  # always there: the board stays quorate
    keys = {person.pk: key for key, person in demo.people.items()}
    held = []
    for n, (day, kind, title, presenter, minute) in enumerate(LSCB_MEETINGS):
        if kind == MeetingKind.DEVELOPMENT_DAY:
            meeting = schedule(demo, "lscb", at(day, 9, 30), BIRKENHEAD, kind, hours=6.5,
                               title="Joint development day with the Children's Trust")
            for args in DEVELOPMENT_DAY_ITEMS:
                add_item(demo, meeting, *args)
        else:
            meeting = schedule(demo, "lscb", at(day), BIRKENHEAD, kind)
            add_item(demo, meeting, title, presenter, minute)
        present, apologies, advisers, deputies = [], [], ["manager"], {}
        members = (Membership.objects.current(day).filter(board=demo.boards["lscb"])
                   .exclude(role=Role.BUSINESS_MANAGER))
        for i, membership in enumerate(members):
            key = keys[membership.person_id]
            if membership.role == Role.ADVISER:
                advisers.append(key)
            elif key in core or (n + i) % 5:
                present.append(key)
            else:
                apologies.append(key)
        if day == DEPUTY_DAY:  # an apology with a deputy
            present[present.index("partner")] = "dci"
            apologies.append("partner")
            deputies["partner"] = "dci"
        record_attendance(demo, meeting, present, advisers, apologies, deputies)
        held.append(meeting)
    for meeting, following in zip(held, held[1:] + [None], strict=True):
        record_minutes(demo, meeting, approved_at=following)


def improvement_meetings(demo):
    officers = ["deputy_dcs", "safeguarding", "performance", "transformation", "qa",
                "analyst", "hr", "manager"]
    members = ["chair", "leader", "cabinet", "libdem", "partner", "dci", "ccg", "heads", "dcs"]
    march = schedule(demo, "improvement", at(date(2017, 3, 22), 14), WALLASEY, hours=2)
    for args in IB_MARCH_ITEMS:
        add_item(demo, march, *args)
    record_attendance(demo, march, members, officers[:4] + ["manager"],
                      ["cwp", "chief_exec", "nhse", "dfe"])
    # The Chair moved the meetings to Birkenhead: "members check before each meeting".
    may = schedule(demo, "improvement", at(date(2017, 5, 10), 14), BIRKENHEAD, hours=2)
    amendment = f"To be amended to reflect {demo.people['cwp'].full_name} providing apologies."
    minutes_item = may.agenda_items.get(position=1)
    minutes_item.discussion = (
        "The Chair asked that future meetings be held at Birkenhead Town Hall when a room is "
        "available; members should check the venue before each meeting.")
    minutes_item.decisions = f"Minutes of 22 March 2017 agreed as accurate. {amendment}"
    minutes_item.save()
    for title, presenter, confidential, discussion in IB_MAY_ITEMS:
        add_item(demo, may, title, presenter, discussion, confidential=confidential)
    record_attendance(demo, may, members + ["cwp"], officers, ["chief_exec", "nhse", "dfe"])
    june = schedule(demo, "improvement", at(date(2017, 6, 28), 14), WALLASEY, hours=2)
    for title, presenter in IB_JUNE_ITEMS:
        add_item(demo, june, title, presenter)
    record_minutes(demo, march, approved_at=may, amendments=amendment)
    record_minutes(demo, may)  # circulated, not yet approved


def other_meetings(demo):
    trust = schedule(demo, "trust", at(date(2014, 1, 21), 14), WALLASEY, hours=2)
    add_item(demo, trust, "WSCB and Children's Trust Board Development Day: summary report",
             "manager", "47 colleagues from both boards attended on 6 December 2013.",
             "That the Trust Board note the report and consider the outcomes from the day.")
    record_attendance(demo, trust, ["dcs", "cabinet", "ccg", "heads", "vcaw"], ["manager"])
    workshop = schedule(demo, "executive", at(date(2019, 1, 15), 14), WALLASEY,
                        MeetingKind.WORKSHOP, hours=3,
                        title="Future multi-agency safeguarding arrangements")
    for args in WORKSHOP_ITEMS:
        add_item(demo, workshop, *args)
    record_attendance(demo, workshop, ["dcs", "partner", "ccg"],
                      ["chair", "manager", "deputy_dcs"])
    record_minutes(demo, workshop)
    for key, starts_at, venue, items in FUTURE:
        meeting = schedule(demo, key, starts_at, venue)
        for title, presenter in items:
            add_item(demo, meeting, title, presenter)
    neglect = demo.boards["neglect"]  # reports back to the LSCB before its sunset date
    neglect.report_back_meeting = demo.meetings[("lscb", FUTURE[0][1].date())]
    neglect.save(update_fields=["report_back_meeting"])
