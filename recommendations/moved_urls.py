"""The addresses recommendations had under the challenge log (/challenges/...), each sent on
for good to its page here, so links already sent or bookmarked still arrive."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "recommendations_moved"

MOVED = {  # old address under /challenges/: the page's name here
    "board/<int:pk>/recommendations/": "source_list",
    "board/<int:pk>/recommendations/new/": "source_create",
    "sources/<int:pk>/": "source_detail",
    "sources/<int:pk>/import/": "import",
    "sources/<int:pk>/new/": "recommendation_create",
    "recommendations/<int:pk>/": "recommendation_detail",
    "recommendations/<int:pk>/tracker/": "recommendation_tracker",
    "recommendations/<int:pk>/edit/": "recommendation_edit",
    "recommendations/<int:pk>/actions/new/": "recommendation_add_action",
    "recommendations/<int:pk>/actions/link/": "recommendation_link_action",
}

urlpatterns = [
    path(old, RedirectView.as_view(pattern_name=f"recommendations:{name}", permanent=True,
                                   query_string=True), name=name)
    for old, name in MOVED.items()
]
