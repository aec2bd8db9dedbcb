"""The workspace's addresses, under /applications/; the names keep the `applications:` namespace."""

from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("import/", views.application_import_new, name="import_new"),
    path("<int:pk>/", views.workspace, name="workspace"),
    path("<int:pk>/export.json", views.application_export, name="export"),
    path("<int:pk>/import/", views.application_import_into, name="import_into"),
    path("<int:pk>/ethics/", views.ethics, name="ethics"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/submitted/", views.submitted, name="submitted"),
    path("<int:pk>/letters/", views.letters, name="letters"),
    path("<int:pk>/history/", views.history, name="history"),
    path(
        "<int:pk>/degrees/<int:entry_pk>/transcript/",
        views.transcript_upload,
        name="transcript_upload",
    ),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        views.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/<slug:section>/add/", views.entry_add, name="entry_add"),
    path("<int:pk>/<slug:section>/<int:entry_pk>/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/<slug:section>/<int:entry_pk>/delete/", views.entry_delete, name="entry_delete"),
]
