from django.contrib import admin

from jobtracker.offers.models import Criterion, ExchangeRate, NegotiationEntry, Offer, OfferSettings, Score


class NegotiationInline(admin.TabularInline):
    model = NegotiationEntry
    extra = 0
    raw_id_fields = ("owner",)


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    raw_id_fields = ("owner", "criterion")


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = (
        "application",
        "status",
        "received_on",
        "response_deadline_at",
        "currency",
        "base_salary",
        "salary_period",
        "owner",
    )
    list_filter = ("status", "salary_period", "currency")
    search_fields = ("application__position__title", "application__position__institution__name", "city", "owner__email")
    raw_id_fields = ("owner", "application")
    readonly_fields = ("response_deadline_at",)
    date_hierarchy = "received_on"
    list_select_related = ("application__position__institution", "owner")
    inlines = [NegotiationInline, ScoreInline]


@admin.register(NegotiationEntry)
class NegotiationEntryAdmin(admin.ModelAdmin):
    list_display = ("offer", "occurred_on", "asked", "owner")
    search_fields = ("asked", "answer", "offer__application__position__institution__name", "owner__email")
    raw_id_fields = ("owner", "offer")
    date_hierarchy = "occurred_on"
    list_select_related = ("offer__application__position__institution", "owner")


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "weight", "order", "owner")
    search_fields = ("name", "owner__email")
    raw_id_fields = ("owner",)
    list_select_related = ("owner",)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("offer", "criterion", "value", "note", "owner")
    list_filter = ("value",)
    search_fields = ("criterion__name", "note", "offer__application__position__institution__name", "owner__email")
    raw_id_fields = ("owner", "offer", "criterion")
    list_select_related = ("offer__application__position__institution", "criterion", "owner")


@admin.register(OfferSettings)
class OfferSettingsAdmin(admin.ModelAdmin):
    list_display = ("owner", "base_currency", "criteria_seeded")
    search_fields = ("owner__email", "base_currency")
    raw_id_fields = ("owner",)
    list_select_related = ("owner",)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "rate", "owner", "updated_at")
    search_fields = ("currency", "owner__email")
    raw_id_fields = ("owner",)
    list_select_related = ("owner",)
