"""Domain-free tools any app may use: spreadsheet reading and the import skeleton, upload and
archive checks, PDF rendering, chart geometry, paging, the versioned save, GOV.UK form helpers,
presenters' helpers and safe redirects.

Floor 1: nothing here imports an app (boards, actions, challenges, performance, audits). It is
not an app itself: its template filters are registered by name in settings (TEMPLATES'
"libraries"), so `{% load paging %}` works in any app's templates.
"""
