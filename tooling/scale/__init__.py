"""The national-scale data set that `make bench` builds on PostgreSQL and `run_bench`
measures: 150 safeguarding partnerships, ten years of meetings, a million actions, 100,000
challenges and every partnership's core dataset of indicators.

By what they seed: partnerships.py (agencies, people, boards, memberships), meetings.py
(meetings and agenda items), actions.py (actions and progress updates), challenges.py
(challenges and recommendations), indicators/ (the core dataset); shape.py holds the sizes and
the words, copying.py the PostgreSQL COPY the big tables go in with. The commands
(`seed_scale`, `seed_scale_challenges`, `seed_scale_indicators`) run them in order.

Here: the names the seeders and the bench share.
"""

from django.conf import settings

LARGE_BOARD_NAME = "Bench: Large Safeguarding Children Partnership"
SEEDING_SUFFIX = " (seeding)"
TIMINGS_PATH = settings.VAR_DIR / "seed_scale_timings.json"  # read by run_bench
PARTNER_EMAIL = "bench.partner@bench.invalid"
MANAGER_EMAIL = "bench.manager@bench.invalid"
ADMIN_EMAIL = "bench.admin@bench.invalid"
