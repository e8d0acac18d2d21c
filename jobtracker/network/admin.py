from django.contrib import admin

from jobtracker.network.models import Contact


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "title", "institution", "affiliation", "writes_letters", "owner")
    list_filter = ("writes_letters",)
    search_fields = ("name", "email", "affiliation", "institution__name", "owner__email")
    raw_id_fields = ("owner", "institution")
    list_select_related = ("institution", "owner")
