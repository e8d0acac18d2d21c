from django.urls import path

from jobtracker.transfer.views import backups, leave, sheets

app_name = "transfer"

urlpatterns = [
    path("backups/", backups.backup_list, name="backup_list"),
    path("backups/new/", backups.backup_create, name="backup_create"),
    path("backups/<int:pk>/", backups.backup_detail, name="backup_detail"),
    path("backups/<int:pk>/build/", backups.backup_build_here, name="backup_build_here"),
    path("backups/<int:pk>/download/", backups.backup_download, name="backup_download"),
    path("backups/restore/", backups.restore_upload, name="restore_upload"),
    path("backups/restore/<int:pk>/", backups.restore_detail, name="restore_detail"),
    path("backups/restore/<int:pk>/commit/", backups.restore_commit, name="restore_commit"),
    path("backups/restore/<int:pk>/run/", backups.restore_run_here, name="restore_run_here"),
    path("imports/applications/", sheets.sheet_upload, name="sheet_upload"),
    path("imports/applications/<int:pk>/", sheets.sheet_detail, name="sheet_detail"),
    path("imports/applications/<int:pk>/commit/", sheets.sheet_commit, name="sheet_commit"),
    path("leave/", leave.leave, name="leave"),
]
