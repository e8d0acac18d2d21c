from django.contrib import admin

from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, StageEvent, Tag


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "created_at")
    list_filter = ("start_year",)
    search_fields = ("owner__email",)
    raw_id_fields = ("owner",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "owner")
    search_fields = ("name", "owner__email")
    raw_id_fields = ("owner",)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "kind", "country", "region", "priority", "owner")
    list_filter = ("kind", "region", "priority")
    search_fields = ("name", "department", "city", "country", "owner__email")
    raw_id_fields = ("owner",)
    filter_horizontal = ("tags",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title", "institution", "kind", "season", "deadline_at", "deadline_tz", "portal", "owner")
    list_filter = ("kind", "portal", "season__start_year")
    search_fields = ("title", "field", "institution__name", "owner__email")
    raw_id_fields = ("owner", "institution", "season")
    date_hierarchy = "deadline_at"
    list_select_related = ("institution", "season", "owner")


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    raw_id_fields = ("owner", "from_stage", "to_stage")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("position", "track", "stage", "submitted_on", "stage_changed_at", "owner")
    list_filter = ("track", "stage__category")
    search_fields = ("position__title", "position__institution__name", "owner__email")
    raw_id_fields = ("owner", "position", "stage")
    date_hierarchy = "stage_changed_at"
    list_select_related = ("position__institution", "stage", "owner")
    inlines = [StageEventInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "track", "order", "category", "marks_submission", "is_archived", "owner")
    list_filter = ("track", "category", "is_archived")
    search_fields = ("name", "owner__email")
    raw_id_fields = ("owner",)


@admin.register(StageEvent)
class StageEventAdmin(admin.ModelAdmin):
    list_display = ("application", "from_stage", "to_stage", "occurred_at", "owner")
    list_filter = ("to_stage__category",)
    search_fields = ("application__position__title", "application__position__institution__name", "owner__email")
    raw_id_fields = ("owner", "application", "from_stage", "to_stage")
    date_hierarchy = "occurred_at"
    list_select_related = ("application__position__institution", "from_stage", "to_stage", "owner")
