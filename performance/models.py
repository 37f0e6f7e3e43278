# Core performance indicators arrive with their own issue; the app has its place already.
