"""Template filters for the GOV.UK pagination (templates/includes/pagination.html)."""

from django import template

register = template.Library()


@register.filter
def page_links(page):
    """The items of the pagination of a Django Page: the first and last page numbers and two
    either side of the current one, with None for an ellipsis where a gap starts (three from
    the current page). Worked out from the handful of numbers shown rather than by a template
    loop over every page: a 500-page tracker spent milliseconds on the numbers it hides."""
    current, last = page.number, page.paginator.num_pages
    links = []
    for number in range(max(1, current - 3), min(last, current + 3) + 1):
        if number == 1 or number == last or current - 2 <= number <= current + 2:
            links.append(number)
        else:
            links.append(None)
    if current - 3 > 1:
        links.insert(0, 1)
    if current + 3 < last:
        links.append(last)
    return links
