from django.urls import path, re_path

from jobtracker.pipeline.views import applications, bulk, institutions, positions, seasons, stages

app_name = "pipeline"

urlpatterns = [
    path("institutions/", institutions.institution_list, name="institution_list"),
    path("institutions/new/", institutions.institution_form, name="institution_create"),
    path("institutions/tags/", bulk.institution_bulk_tags, name="institution_bulk_tags"),
    path("institutions/<int:pk>/", institutions.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", institutions.institution_form, name="institution_edit"),
    path("institutions/<int:pk>/delete/", institutions.institution_delete, name="institution_delete"),
    path("positions/", positions.position_list, name="position_list"),
    path("positions/new/", positions.position_form, name="position_create"),
    path("positions/<int:pk>/edit/", positions.position_form, name="position_edit"),
    path("positions/<int:pk>/delete/", positions.position_delete, name="position_delete"),
    path("applications/new/", applications.application_create, name="application_create"),
    path("applications/bulk/", bulk.application_bulk, name="application_bulk"),
    path("applications/<int:pk>/stage/", bulk.application_stage, name="application_stage"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/delete/", applications.application_delete, name="application_delete"),
    path("stages/", stages.stage_settings, name="stage_settings"),
    path("stages/<int:pk>/edit/", stages.stage_edit, name="stage_edit"),
    re_path(r"^stages/(?P<pk>[0-9]+)/(?P<direction>up|down)/$", stages.stage_shift, name="stage_shift"),
    path("stages/<int:pk>/archive/", stages.stage_archive, name="stage_archive"),
    path("seasons/", seasons.season_list, name="season_list"),
]
