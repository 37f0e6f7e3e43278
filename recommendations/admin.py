from django.contrib import admin

from .models import Recommendation, RecommendationSource


@admin.register(RecommendationSource)
class RecommendationSourceAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "kind", "made_on"]
    list_select_related = ["board"]


admin.site.register(Recommendation)
