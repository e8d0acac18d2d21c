from django.contrib import admin

from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson


class ItemInline(admin.TabularInline):
    model = ItineraryItem
    extra = 0
    fields = ("date", "start_time", "end_time", "kind", "place")
    show_change_link = True


class PersonInline(admin.TabularInline):
    model = ItineraryPerson
    extra = 0
    fields = ("contact", "thank_you_status", "thank_you_sent_on")
    raw_id_fields = ("contact",)


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("application", "kind", "start_date", "start_time", "time_zone", "starts_at", "outcome", "owner")
    list_filter = ("kind", "outcome")
    search_fields = ("application__position__institution__name", "application__position__title", "owner__email")
    raw_id_fields = ("owner", "application")
    readonly_fields = ("starts_at", "ends_at")
    date_hierarchy = "start_date"
    list_select_related = ("application__position__institution", "owner")
    inlines = [ItemInline]


@admin.register(ItineraryItem)
class ItineraryItemAdmin(admin.ModelAdmin):
    list_display = ("interview", "date", "start_time", "end_time", "kind", "place", "owner")
    list_filter = ("kind",)
    search_fields = ("place", "notes_after", "interview__application__position__institution__name", "owner__email")
    raw_id_fields = ("owner", "interview")
    readonly_fields = ("starts_at", "ends_at")
    list_select_related = ("interview", "owner")
    inlines = [PersonInline]


@admin.register(ItineraryPerson)
class ItineraryPersonAdmin(admin.ModelAdmin):
    list_display = ("contact", "item", "thank_you_status", "thank_you_sent_on", "owner")
    list_filter = ("thank_you_status",)
    search_fields = ("contact__name", "item__interview__application__position__institution__name", "owner__email")
    raw_id_fields = ("owner", "item", "contact")
    list_select_related = ("contact", "item", "owner")
