from django.urls import path

from jobtracker.materials.views import checklist, documents, letter_status, letters, requirement_sets

app_name = "materials"

# /materials/ and /letters/, plus two sub-pages of other nouns: a posting's requirements and an
# application's checklist and new letter request.
urlpatterns = [
    path("materials/", documents.document_list, name="document_list"),
    path("materials/new/", documents.document_create, name="document_create"),
    path("materials/<int:pk>/", documents.document_detail, name="document_detail"),
    path("materials/<int:pk>/edit/", documents.document_edit, name="document_edit"),
    path("materials/<int:pk>/delete/", documents.document_delete, name="document_delete"),
    path("materials/<int:pk>/upload/", documents.document_upload, name="document_upload"),
    path("materials/versions/<int:pk>/", documents.version_detail, name="version_detail"),
    path("materials/versions/<int:pk>/download/", documents.version_download, name="version_download"),
    path("materials/versions/<int:pk>/delete/", documents.version_delete, name="version_delete"),
    path("materials/versions/<int:pk>/switch/", documents.version_switch, name="version_switch"),
    path("materials/versions/<int:pk>/pin/", documents.version_pin, name="version_pin"),
    path("materials/requirements/<int:pk>/delete/", checklist.requirement_delete, name="requirement_delete"),
    path("materials/sets/", requirement_sets.requirementset_list, name="requirementset_list"),
    path("materials/sets/<int:pk>/", requirement_sets.requirementset_detail, name="requirementset_detail"),
    path("materials/sets/<int:pk>/edit/", requirement_sets.requirementset_edit, name="requirementset_edit"),
    path("materials/sets/<int:pk>/delete/", requirement_sets.requirementset_delete, name="requirementset_delete"),
    path("materials/sets/items/<int:pk>/delete/", requirement_sets.setitem_delete, name="setitem_delete"),
    path("positions/<int:pk>/requirements/", checklist.position_requirements, name="position_requirements"),
    path("positions/<int:pk>/requirements/set/", requirement_sets.position_apply_set, name="position_apply_set"),
    path(
        "positions/<int:pk>/requirements/copy/",
        requirement_sets.position_copy_requirements,
        name="position_copy_requirements",
    ),
    path("positions/<int:pk>/requirements/keep/", requirement_sets.position_save_set, name="position_save_set"),
    path("applications/<int:pk>/checklist/", checklist.application_checklist, name="application_checklist"),
    path("applications/<int:pk>/letters/new/", letters.application_letter_create, name="application_letter_create"),
    path("letters/", letters.letter_matrix, name="letter_matrix"),
    path("letters/<int:pk>/edit/", letters.letter_edit, name="letter_edit"),
    path("letters/<int:pk>/status/", letter_status.letter_status, name="letter_status"),
    path("letters/status/", letter_status.letters_status, name="letters_status"),
    path("letters/<int:pk>/delete/", letters.letter_delete, name="letter_delete"),
    path("letters/writers/", letters.writer_list, name="writer_list"),
    path("letters/writers/<int:pk>/", letters.writer_detail, name="writer_detail"),
    path("letters/writers/<int:pk>/edit/", letters.writer_edit, name="writer_edit"),
    path("letters/writers/<int:pk>/requests.txt", letters.writer_requests_text, name="writer_requests_text"),
    path("letters/writers/<int:pk>/requests.csv", letters.writer_requests_csv, name="writer_requests_csv"),
]
