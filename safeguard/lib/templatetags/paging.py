"""Template filters for the GOV.UK pagination (templates/includes/pagination.html)."""

from django import template

from safeguard.lib.paging import page_links

register = template.Library()
register.filter("page_links", page_links)
