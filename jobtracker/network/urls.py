from django.urls import path

from jobtracker.network.views import contacts, imports

app_name = "network"

# Everything under /contacts/; the contact page itself is front's (it shows interviews and letters too).
urlpatterns = [
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_form, name="contact_create"),
    path("contacts/<int:pk>/edit/", contacts.contact_form, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact_delete"),
    path("contacts/links/<int:pk>/delete/", contacts.link_delete, name="link_delete"),
    path("contacts/interactions/<int:pk>/edit/", contacts.interaction_edit, name="interaction_edit"),
    path("contacts/interactions/<int:pk>/delete/", contacts.interaction_delete, name="interaction_delete"),
    path("contacts/interactions/<int:pk>/done/", contacts.interaction_done, name="interaction_done"),
    path("contacts/import/", imports.contact_import, name="contact_import"),
    path("contacts/imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("contacts/imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("contacts/imports/<int:pk>/rows.csv", imports.import_rows, name="import_rows"),
]
