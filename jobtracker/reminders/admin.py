from django.contrib import admin

from jobtracker.reminders.models import Delivery, PlannerMark, ReminderSettings


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "lead", "send_at", "status", "attempts", "sent_at", "owner")
    list_filter = ("status", "kind", "digest")
    search_fields = ("owner__email", "subject", "last_error")
    raw_id_fields = ("owner",)
    date_hierarchy = "send_at"
    list_select_related = ("owner",)
    readonly_fields = ("claimed_at", "sent_at", "attempts", "last_error", "subject")


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ("owner", "leads", "send_hour", "digest", "skip_weekends", "planned_zone")
    list_filter = ("digest", "skip_weekends")
    search_fields = ("owner__email",)
    raw_id_fields = ("owner",)


@admin.register(PlannerMark)
class PlannerMarkAdmin(admin.ModelAdmin):
    list_display = ("kind", "planned_until")
