"""The shape of the indicators' data set: the 40 definitions every main board gets, the random
walk their figures follow, and the words of benchmarks, corrections and commentary."""

from dataclasses import dataclass

from django.conf import settings

from performance.models import (
    BenchmarkKind,
    Dimension,
    Polarity,
    SubmittedVia,
    Unit,
)

# --- The shape of the data set -------------------------------------------------------------

SEED = 20261124
YEARS = 10
CHUNK_ROWS = 500_000  # values per COPY transaction (whole boards, so a little more)
WRITERS = 2  # threads copying chunks in parallel, one connection each
BULK_BATCH = 5_000
TIMINGS_PATH = settings.VAR_DIR / "seed_scale_indicators_timings.json"

PIPELINE_SHARE = 0.10  # of the last month's indicators, still submitted or validated
CORRECTIONS_PER_BOARD = 2  # published totals corrected later: 300 at national scale
COMMENTARY_MONTHS = 12  # commentary on every month off target in the last year
# The walk, in tolerances from the target (positive is better): z ← PHI·z + N(0, STEP), so the
# figures wander about 1.2 tolerances either side; plus a board's own bias, and a trend that
# fades to nothing by the last month (most boards improving: worse ten years ago).
PHI = 0.9
STEP = 0.52
BIAS_SD = 0.4
TREND_RANGE = (-2.5, 1.0)
BREAKDOWN_NOISE = 0.06
# Counts dip in the school holidays and rise when schools go back.
SEASON = {1: 1.05, 4: 0.97, 8: 0.85, 9: 1.08, 12: 0.92}

THEMES = ("Early help", "Child protection", "Looked after children", "Workforce",
          "Multi-agency front door")
EH, CP, LAC, WF, FD = range(5)

# Breakdown schemes: groups of (dimension, labels, shares of the total for counts).
AGE_BANDS = ("Under 1", "1–4", "5–9", "10–15", "16–17")
LOCALITIES = ("North", "Central", "South")
STAFF_GROUPS = ("Children's social care", "Early help", "Police", "Acute hospital trust",
                "Community health", "Schools", "Voluntary sector", "Youth justice")
TEAMS = ("North 1", "North 2", "Central 1", "Central 2", "South 1", "South 2", "East", "West")
SCHEMES = {
    "children": ((Dimension.AGE_BAND, AGE_BANDS, (0.10, 0.22, 0.25, 0.30, 0.13)),
                 (Dimension.LOCALITY, LOCALITIES, (0.30, 0.45, 0.25))),
    "staff": ((Dimension.AGENCY, STAFF_GROUPS, (0.2, 0.1, 0.15, 0.15, 0.1, 0.15, 0.1, 0.05)),),
    "teams": ((Dimension.LOCALITY, TEAMS, (0.125,) * 8),),
}

P, C, R, D, Q = Unit.PERCENTAGE, Unit.COUNT, Unit.RATE_PER_10K, Unit.DAYS, Unit.RATIO
HI, LO, NE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEITHER


@dataclass(frozen=True)
class Definition:
    """One of the 40 indicators, the same on every board. `owner` is an agency kind as
    seed_scale makes them; counts' target and tolerance are for an average partnership."""

    code: str
    theme: int
    name: str
    definition: str
    source: str
    unit: str
    polarity: str
    owner: str
    target: float
    tolerance: float
    decimals: int = 1
    scheme: str = "children"
    core: bool = True


DEFINITIONS = (
    Definition("EH1", EH, "Early help assessments started",
               "Early help assessments started in the month, by any agency.",
               "Early help module", C, HI, "council", 120, 15, 0),
    Definition("EH2", EH, "Early help assessments closed with needs met",
               "Of early help assessments closed in the month, the percentage closed because the "
               "family's needs were met (2012-13: 56%).",
               "Early help module", P, HI, "council", 60, 5),
    Definition("EH3", EH, "Children supported through a Team Around the Child",
               "Children with an open Team Around the Child at the end of the month "
               "(2012-13: 1,116 in the year).",
               "Team Around the Child register", C, HI, "voluntary", 1100, 80, 0),
    Definition("EH4", EH, "Early help assessments completed within 45 working days",
               "Of early help assessments completed in the month, the percentage completed "
               "within 45 working days of starting.",
               "Early help module", P, HI, "council", 85, 5),
    Definition("EH5", EH, "Cases stepped down from children's social care to early help",
               "Children's social care cases closed in the month with a step down to early help.",
               "Children's social care case management system", C, NE, "council", 40, 10, 0),
    Definition("EH6", EH, "Repeat early help episodes within 12 months",
               "Of early help episodes started in the month, the percentage for a family whose "
               "previous episode closed in the last 12 months.",
               "Early help module", P, LO, "council", 15, 3),
    Definition("EH7", EH, "Early help assessments started by schools",
               "Of early help assessments started in the month, the percentage started by a "
               "school.",
               "Early help module", P, HI, "education", 30, 5, core=False),
    Definition("EH8", EH, "New birth visits by a health visitor within 14 days",
               "Of babies born in the month, the percentage visited at home by a health visitor "
               "within 14 days of birth.",
               "Community health records", P, HI, "trust", 95, 3),
    Definition("CP1", CP, "Children subject to a child protection plan, rate per 10,000",
               "Children subject to a child protection plan at the end of the month, per 10,000 "
               "children under 18 (ONS mid-year estimate).",
               "Children's social care case management system", R, NE, "council", 45, 8),
    Definition("CP2", CP, "Child protection plans lasting two years or more",
               "Of child protection plans ended in the month, the percentage that had lasted "
               "two years or more.",
               "Children's social care case management system", P, LO, "council", 3, 1.5),
    Definition("CP3", CP, "Children subject to a plan for a second or subsequent time",
               "Of children who became subject to a child protection plan in the month, the "
               "percentage who had been subject to a plan before.",
               "Children's social care case management system", P, LO, "council", 18, 4),
    Definition("CP4", CP, "Initial conferences within 15 working days of the strategy discussion",
               "Of initial child protection conferences held in the month, the percentage held "
               "within 15 working days of the strategy discussion.",
               "Children's social care case management system", P, HI, "council", 85, 7),
    Definition("CP5", CP, "Child protection visits within 10 working days",
               "Of children subject to a plan at the end of the month, the percentage seen alone "
               "by their social worker within the last 10 working days.",
               "Children's social care case management system", P, HI, "council", 90, 5),
    Definition("CP6", CP, "Strategy discussions attended by police and health",
               "Of strategy discussions held in the month, the percentage with both the police "
               "and a health professional taking part.",
               "Police protecting vulnerable people unit", P, HI, "police", 90, 5),
    Definition("CP7", CP, "Allegations against professionals referred to the LADO",
               "Allegations against people who work with children referred to the local "
               "authority designated officer in the month (2012-13: 139 in the year).",
               "LADO records", C, NE, "council", 12, 5, 0),
    Definition("CP8", CP, "Missing children offered a return interview within 72 hours",
               "Of episodes of children missing from home or care that ended in the month, the "
               "percentage where the child was offered a return interview within 72 hours.",
               "Police missing persons records", P, HI, "police", 85, 10),
    Definition("CP9", CP, "Child protection plans reviewed within timescale",
               "Of child protection review conferences due in the month, the percentage held "
               "on time.",
               "Children's social care case management system", P, HI, "council", 95, 3),
    Definition("LAC1", LAC, "Children looked after, rate per 10,000",
               "Children looked after at the end of the month, per 10,000 children under 18.",
               "Children's social care case management system", R, NE, "council", 70, 10),
    Definition("LAC2", LAC, "Looked after children with three or more placements in the year",
               "Of children looked after at the end of the month, the percentage with three or "
               "more placements in the last 12 months.",
               "Children's social care case management system", P, LO, "council", 10, 2),
    Definition("LAC3", LAC, "Looked after children with an up-to-date health assessment",
               "Of children looked after for at least 12 months, the percentage whose health "
               "assessment is up to date.",
               "Integrated care board: looked after children health team", P, HI, "icb", 90, 5),
    Definition("LAC4", LAC, "Looked after children with an up-to-date personal education plan",
               "Of looked after children of school age, the percentage with a personal education "
               "plan reviewed in the current term.",
               "Virtual school", P, HI, "education", 95, 5),
    Definition("LAC5", LAC, "Looked after reviews held within timescale",
               "Of looked after reviews due in the month, the percentage held on time.",
               "Independent reviewing officers' service", P, HI, "council", 95, 3),
    Definition("LAC6", LAC, "Care leavers in education, employment or training",
               "Of care leavers aged 19 to 21 in touch with the council, the percentage in "
               "education, employment or training.",
               "Leaving care service", P, HI, "council", 55, 6),
    Definition("LAC7", LAC, "Looked after children placed more than 20 miles from home",
               "Of children looked after at the end of the month, the percentage placed more "
               "than 20 miles from the home they were taken from.",
               "Children's social care case management system", P, LO, "council", 15, 3,
               core=False),
    Definition("LAC8", LAC, "Children starting to be looked after",
               "Children who started to be looked after in the month.",
               "Children's social care case management system", C, NE, "council", 25, 8, 0),
    Definition("WF1", WF, "Sickness absence, days lost per FTE",
               "Working days lost to sickness in the last 12 months per full-time equivalent "
               "member of staff (2016-17: 17.17 days).",
               "HR and payroll", D, LO, "council", 10, 2, 2, "staff"),
    Definition("WF2", WF, "Staff receiving an appraisal",
               "Of staff in post for a year or more, the percentage who have had an appraisal in "
               "the last 12 months (2016-17: 94% of staff, 100% of managers).",
               "HR and payroll", P, HI, "council", 95, 5, 1, "staff"),
    Definition("WF3", WF, "Social worker vacancy rate",
               "Vacant social worker posts at the end of the month as a percentage of "
               "established posts.",
               "HR and payroll", P, LO, "council", 12, 4, 1, "teams"),
    Definition("WF4", WF, "Social workers employed through agencies",
               "Agency social workers at the end of the month as a percentage of all social "
               "workers in post.",
               "HR and payroll", P, LO, "council", 15, 5, 1, "teams"),
    Definition("WF5", WF, "Average caseload per social worker",
               "Open cases at the end of the month divided by social workers in post (FTE).",
               "Children's social care case management system", Q, LO, "council", 18, 3, 1,
               "teams"),
    Definition("WF6", WF, "Staff completing multi-agency safeguarding training",
               "Of staff required to complete the partnership's multi-agency safeguarding "
               "training, the percentage whose training is up to date.",
               "Partnership learning and development records", P, HI, "council", 80, 10, 1,
               "staff"),
    Definition("WF7", WF, "Social worker turnover",
               "Social workers who left in the last 12 months as a percentage of social workers "
               "in post.",
               "HR and payroll", P, LO, "council", 15, 4, 1, "teams", core=False),
    Definition("WF8", WF, "Section 11 audits returned",
               "Of partner agencies asked for their Section 11 (Children Act 2004) "
               "self-assessment, the percentage that have returned it.",
               "Partnership business unit", P, HI, "council", 100, 10, 1, "staff"),
    Definition("FD1", FD, "Contacts received by the front door",
               "Contacts about children received by the multi-agency front door in the month.",
               "Front door case management system", C, NE, "council", 900, 150, 0),
    Definition("FD2", FD, "Repeat contacts within 12 months",
               "Of contacts received in the month, the percentage about a child with a contact "
               "in the previous 12 months (19.1% at the 2016 inspection, 5.1% in March 2017).",
               "Front door case management system", P, LO, "council", 8, 3),
    Definition("FD3", FD, "Contacts progressing to a referral",
               "Of contacts decided in the month, the percentage that became a referral to "
               "children's social care.",
               "Front door case management system", P, NE, "council", 25, 5, core=False),
    Definition("FD4", FD, "Contact decisions made within one working day",
               "Of contacts received in the month, the percentage with a decision on the next "
               "step within one working day.",
               "Front door case management system", P, HI, "council", 90, 5),
    Definition("FD5", FD, "Re-referrals to children's social care within 12 months",
               "Of referrals in the month, the percentage about a child referred in the "
               "previous 12 months.",
               "Children's social care case management system", P, LO, "council", 22, 3),
    Definition("FD6", FD, "Single assessments completed within 45 working days",
               "Of assessments completed in the month, the percentage completed within 45 "
               "working days of the referral.",
               "Children's social care case management system", P, HI, "council", 85, 5),
    Definition("FD7", FD, "Domestic abuse notifications shared with schools by the next "
               "school day",
               "Of police attendances at domestic abuse incidents where a child was present, "
               "the percentage notified to the child's school by the start of the next school "
               "day (Operation Encompass).",
               "Police protecting vulnerable people unit", P, HI, "police", 95, 3),
)
VIA = {"council": (SubmittedVia.UPLOAD, SubmittedVia.UPLOAD, SubmittedVia.API),
               "police": (SubmittedVia.API,),
               "icb": (SubmittedVia.BROWSER,), "trust": (SubmittedVia.UPLOAD,),
               "education": (SubmittedVia.BROWSER,), "voluntary": (SubmittedVia.BROWSER,)}
CORRECTION_REASONS = (
    "Late-recorded contacts added after the return was submitted.",
    "The denominator included children who had moved out of the area.",
    "The report was run before the month's records were closed; re-run on the fifth working "
    "day.",
    "A duplicate case was counted twice; removed after the data quality check.",
)
BENCHMARK_NOTES = {
    BenchmarkKind.STATISTICAL_NEIGHBOURS: "Average of the ten statistical neighbours (DfE "
                                          "benchmarking tool); their definitions may differ.",
    BenchmarkKind.ENGLAND: "England average, DfE statistics; counts scaled to the "
                           "partnership's child population.",
}
WHY = {
    EH: ("Demand for early help rose after the threshold document was relaunched with schools.",
         "Two early help practitioners left in the quarter and their posts are being covered."),
    CP: ("More children became subject to plans after the neglect strategy raised awareness.",
         "Conference chairs' capacity was reduced by sickness; conferences were rescheduled."),
    LAC: ("A sibling group of five came into care, with placements found out of the area.",
          "Health assessment appointments were lost when the clinic moved buildings."),
    WF: ("Long-term sickness (76% of days lost) with mental health the main cause (35%).",
         "Recruitment of experienced social workers remains hard across the region."),
    FD: ("A change in police recording sent more notifications to the front door.",
         "Schools referred more families at the start of term, before early help was tried."),
}
ACTIONS_TAKEN = (
    "The Performance and Quality Assurance Sub-group has asked for a dip sample of cases and "
    "will report back at its next meeting.",
    "The owning agency has an improvement plan; progress is reported to the board quarterly.",
    "Managers review the figures weekly with team leaders; the business manager will follow up "
    "next month.",
)
