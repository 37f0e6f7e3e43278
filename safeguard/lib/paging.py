"""Paging long lists: a page of a queryset for a view, and the page links of the GOV.UK
pagination (templates/includes/pagination.html)."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


class KeysFirstPaginator(Paginator):
    """Pages of a long, joined list: the page's keys are found first, by the ordering alone
    (OFFSET walks an index, not 10,000 joined rows), and only those rows are then read with
    their joins. Two queries, whatever the page number."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def paginate(request, queryset, per_page=PAGE_SIZE, *, count=None, keys_first=False):
    """A page of the list. `count`, when the caller already has it (a tracker's summary
    counts its rows), saves the COUNT query; `keys_first` for long lists with joins."""
    paginator = (KeysFirstPaginator if keys_first else Paginator)(queryset, per_page)
    if count is not None:
        paginator.count = count  # fills in the cached_property
    return paginator.get_page(request.GET.get("page"))


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
