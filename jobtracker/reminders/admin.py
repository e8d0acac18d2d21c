from django.contrib import admin

from jobtracker.reminders.models import Beat, CalendarFeed, Delivery, PlannerMark, ReminderSettings, SendSlot


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "lead", "send_at", "status", "attempts", "sent_at", "owner")
    list_filter = ("status", "kind", "digest")
    search_fields = ("owner__email", "subject", "last_error")
    raw_id_fields = ("owner",)
    date_hierarchy = "send_at"
    list_select_related = ("owner",)
    readonly_fields = (
        "claimed_at",
        "claimed_by",
        "heartbeat_at",
        "sent_at",
        "attempts",
        "unknown_outcomes",
        "last_error",
        "subject",
    )


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ("owner", "leads", "send_hour", "digest", "skip_weekends", "planned_zone")
    list_filter = ("digest", "skip_weekends")
    search_fields = ("owner__email",)
    raw_id_fields = ("owner",)


@admin.register(PlannerMark)
class PlannerMarkAdmin(admin.ModelAdmin):
    list_display = ("kind", "planned_until", "last_id", "caught_up", "lease_until")


@admin.register(SendSlot)
class SendSlotAdmin(admin.ModelAdmin):
    list_display = ("number", "lease_until", "claimed_by")


@admin.register(Beat)
class BeatAdmin(admin.ModelAdmin):
    list_display = ("name", "ran_at")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Revoking is the owner's (or staff's) one action here; the token itself is never stored, so never shown."""

    list_display = ("owner", "created_at", "revoked_at", "last_fetched_at", "fetch_count")
    list_filter = ("revoked_at",)
    search_fields = ("owner__email",)
    raw_id_fields = ("owner",)
    list_select_related = ("owner",)
    readonly_fields = ("token_hash", "last_fetched_at", "fetch_count")
