"""Tooling apart from the product: the demo data (`load_demo`, `demo_totp`), the national-scale
data set (`seed_scale`, `seed_scale_challenges`, `seed_scale_indicators`) and the benchmark
(`run_bench`). It sits above every app and may import any of them; no product app imports it."""
