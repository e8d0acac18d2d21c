from django.urls import path

from jobtracker.reports import page_views, share_views, views

app_name = "reports"

urlpatterns = [
    path("exports/", views.export_index, name="export_index"),
    path("exports/applications.csv", views.applications_csv, name="applications_csv"),
    path("exports/stage-history.csv", views.stage_history_csv, name="stage_history_csv"),
    path("exports/workbook.xlsx", views.applications_xlsx, name="workbook"),
    path("reports/", page_views.report_page, name="report"),
    path("reports/report.pdf", page_views.report_pdf, name="report_pdf"),
    path("reports/files/", page_views.file_create, name="file_create"),
    path("reports/files/<int:pk>/", page_views.file_detail, name="file_detail"),
    path("reports/files/<int:pk>/build/", page_views.file_build_here, name="file_build_here"),
    path("reports/files/<int:pk>/download/", page_views.file_download, name="file_download"),
    path("reports/links/", share_views.link_list, name="share_list"),
    path("reports/links/new/", share_views.link_create, name="share_create"),
    path("reports/links/<int:pk>/revoke/", share_views.link_revoke, name="share_revoke"),
    # Public, authorised by the token alone; see share_views.
    path("shared/<str:token>/", share_views.shared_report, name="shared"),
    path("shared/<str:token>/print/", share_views.shared_print, name="shared_print"),
]
