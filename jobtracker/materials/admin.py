from django.contrib import admin

from jobtracker.materials.models import (
    Document,
    DocumentVersion,
    LetterRequest,
    Requirement,
    RequirementSet,
    RequirementSetItem,
    Submission,
)


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ("label", "original_name", "content_type", "size", "created_at", "file_deleted_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "pinned_version", "archived_at", "owner")
    list_filter = ("kind",)
    search_fields = ("title", "owner__email")
    raw_id_fields = ("owner", "pinned_version")
    list_select_related = ("owner", "pinned_version")
    inlines = [VersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = (
        "label",
        "document",
        "original_name",
        "content_type",
        "size",
        "created_at",
        "file_deleted_at",
        "owner",
    )
    list_filter = ("content_type", "document__kind")
    search_fields = ("label", "original_name", "document__title", "sha256", "owner__email")
    raw_id_fields = ("owner", "document")
    readonly_fields = ("sha256", "size", "content_type")
    list_select_related = ("document", "owner")


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("position", "kind", "page_limit", "note", "owner")
    list_filter = ("kind",)
    search_fields = ("position__title", "position__institution__name", "note", "owner__email")
    raw_id_fields = ("owner", "position")
    list_select_related = ("position__institution", "owner")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("application", "requirement", "version", "created_at", "owner")
    search_fields = ("application__position__institution__name", "version__label", "owner__email")
    raw_id_fields = ("owner", "application", "requirement", "version")
    list_select_related = ("application__position__institution", "requirement", "version__document", "owner")


@admin.register(LetterRequest)
class LetterRequestAdmin(admin.ModelAdmin):
    list_display = ("writer", "application", "status", "asked_on", "due_date", "delivery", "confirmed_on", "owner")
    list_filter = ("status", "delivery")
    search_fields = ("writer__name", "application__position__institution__name", "owner__email")
    raw_id_fields = ("owner", "application", "writer")
    date_hierarchy = "due_date"
    list_select_related = ("writer", "application__position__institution", "owner")


@admin.register(RequirementSet)
class RequirementSetAdmin(admin.ModelAdmin):
    list_display = ("name", "letters", "owner")
    search_fields = ("name", "owner__email")
    raw_id_fields = ("owner",)
    list_select_related = ("owner",)


@admin.register(RequirementSetItem)
class RequirementSetItemAdmin(admin.ModelAdmin):
    list_display = ("requirement_set", "kind", "page_limit", "note", "owner")
    list_filter = ("kind",)
    search_fields = ("requirement_set__name", "owner__email")
    raw_id_fields = ("owner", "requirement_set")
    list_select_related = ("owner", "requirement_set")
