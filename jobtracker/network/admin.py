from django.contrib import admin

from jobtracker.network.models import ApplicationContact, Contact, ContactImport, Interaction


class InteractionInline(admin.TabularInline):
    model = Interaction
    extra = 0
    fields = ("happened_on", "channel", "summary", "follow_up_on", "follow_up_done")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "title", "institution", "affiliation", "writes_letters", "is_recruiter", "owner")
    list_filter = ("writes_letters", "is_advisor", "is_target_faculty", "is_recruiter", "is_hiring_manager", "is_peer")
    search_fields = ("name", "other_names", "email", "affiliation", "institution__name", "scholar_id", "owner__email")
    raw_id_fields = ("owner", "institution")
    list_select_related = ("institution", "owner")
    inlines = [InteractionInline]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("contact", "happened_on", "channel", "follow_up_on", "follow_up_done", "owner")
    list_filter = ("channel", "follow_up_done")
    search_fields = ("contact__name", "summary", "owner__email")
    raw_id_fields = ("owner", "contact")
    date_hierarchy = "happened_on"
    list_select_related = ("contact", "owner")


@admin.register(ApplicationContact)
class ApplicationContactAdmin(admin.ModelAdmin):
    list_display = ("contact", "application", "role", "owner")
    list_filter = ("role",)
    search_fields = ("contact__name", "application__position__institution__name", "owner__email")
    raw_id_fields = ("owner", "contact", "application")
    list_select_related = ("contact", "application__position__institution", "owner")


@admin.register(ContactImport)
class ContactImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "format", "created_at", "committed_at", "owner")
    list_filter = ("format",)
    search_fields = ("original_name", "owner__email")
    raw_id_fields = ("owner",)
    readonly_fields = ("report",)
    # The stored plan can be megabytes of JSON: never loaded for the list, never shown in the form.
    exclude = ("plan",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("plan")
