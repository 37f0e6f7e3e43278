"""Paging (safeguard/lib/paging.py and its template filter)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from boards.models import Agency
from safeguard.lib.paging import KeysFirstPaginator, page_links, paginate


class Page:
    def __init__(self, number, last):
        self.number = number
        self.paginator = type("P", (), {"num_pages": last})()


@pytest.mark.parametrize(("number", "last", "links"), [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 10, [1, 2, 3, None, 10]),
    (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
    (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
    (10, 10, [1, None, 8, 9, 10]),
])
def test_page_links_show_the_ends_and_two_either_side(number, last, links):
    assert page_links(Page(number, last)) == links


def test_the_filter_loads_in_any_template_though_the_library_is_not_an_app():
    html = Template("{% load paging %}{% for n in page|page_links %}{{ n|default:'…' }} "
                    "{% endfor %}").render(Context({"page": Page(5, 10)}))
    assert html == "1 … 3 4 5 6 7 … 10 "


@pytest.mark.django_db
def test_a_page_of_the_list_from_the_address():
    for n in range(7):
        Agency.objects.create(name=f"Agency {n}")
    agencies = Agency.objects.order_by("name")
    page = paginate(RequestFactory().get("/?page=2"), agencies, per_page=3)
    assert [a.name for a in page] == ["Agency 3", "Agency 4", "Agency 5"]
    assert paginate(RequestFactory().get("/?page=x"), agencies, per_page=3).number == 1
    assert paginate(RequestFactory().get("/?page=99"), agencies, per_page=3).number == 3


@pytest.mark.django_db
def test_keys_first_gives_the_same_pages_and_a_count_given_is_used(django_assert_num_queries):
    for n in range(7):
        Agency.objects.create(name=f"Agency {n}")
    agencies = Agency.objects.order_by("-name")
    for number in (1, 2, 3):
        request = RequestFactory().get(f"/?page={number}")
        plain = [a.pk for a in paginate(request, agencies, per_page=3)]
        keys_first = paginate(request, agencies, per_page=3, keys_first=True)
        assert isinstance(keys_first.paginator, KeysFirstPaginator)
        assert [a.pk for a in keys_first] == plain
    with django_assert_num_queries(1):  # no COUNT
        page = paginate(RequestFactory().get("/"), agencies, per_page=3, count=7)
        assert len(list(page)) == 3 and page.paginator.num_pages == 3
