# Multi-agency audits, dip samples and Section 11/175 self-assessments arrive with their own
# issue; the app has its place already.
