from django.urls import path

from jobtracker.network.views import contacts, imports

app_name = "network"

urlpatterns = [
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_form, name="contact_create"),
    path("contacts/import/", imports.contact_import, name="contact_import"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_form, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact_delete"),
    path("contacts/<int:pk>/interactions/new/", contacts.contact_interaction_create, name="contact_interaction_create"),
    path("contacts/<int:pk>/links/new/", contacts.contact_link_create, name="contact_link_create"),
    path("links/<int:pk>/delete/", contacts.link_delete, name="link_delete"),
    path("interactions/<int:pk>/edit/", contacts.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", contacts.interaction_delete, name="interaction_delete"),
    path("interactions/<int:pk>/done/", contacts.interaction_done, name="interaction_done"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:pk>/rows.csv", imports.import_rows, name="import_rows"),
]
