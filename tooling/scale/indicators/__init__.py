"""`seed_scale_indicators`: the core dataset of every partnership in the
national-scale data set of `seed_scale` (run that first), for `make bench`.

Each partnership's main board gets 5 themes and the same 40 monthly indicators (codes EH1, CP3 …,
names and figures from the papers in the seeds), 8 breakdowns each, a target and tolerance per
financial year, and ten years of published values ending with the last whole month: a total and
8 breakdown values a month, 150 × 40 × 120 × 9 ≈ 6.5 million rows. The figures follow a random
walk around the target, so red, amber and green all occur and trends move. A few of the last
month's values are still in the pipeline (submitted or validated), a few hundred published totals
have been corrected (the old row superseded, the new one naming it), and each quarter has the
statistical neighbours' and England's averages. Every month off target in the last year has its
commentary, in three parts.

Fast by construction, as seed_scale: the definitions go in with bulk_create, the values,
benchmarks and commentary with PostgreSQL COPY in chunks of about CHUNK_ROWS values a transaction,
written by WRITERS threads while the next chunk is generated. The values' ids are reserved from
the table's own sequence, so a correction can name the row it corrects. Nothing is disabled: the
indexes, unique constraints and (deferred) foreign keys all apply. Random but repeatable (SEED).

Runs once: if the large board has indicators it says "already seeded" and stops. While it runs,
the large board's themes carry SEEDING_SUFFIX; a run that died half way leaves them so, and the
next run asks for the performance tables to be emptied rather than build on half a data set.

By part: definitions.py (the 40 indicators, the walk's constants and the words), boards.py (the
main boards and their themes, indicators, breakdowns and targets), values.py (the values,
benchmarks and commentary).
"""
