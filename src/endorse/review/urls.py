from django.urls import path

from . import (
    views,
    views_association,
    views_bulk,
    views_endorsement,
    views_import,
    views_residency,
    views_roles,
    views_verify,
)

app_name = "staff"
urlpatterns = [
    path("", views.staff_home, name="queue"),
    path("export.csv", views.queue_csv, name="queue_csv"),
    path("needs-action/", views.needs_action_page, name="needs_action"),
    path("needs-action/verify/", views_bulk.bulk_verify, name="bulk_verify"),
    path("applications/<int:pk>/", views.application_page, name="application"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
    path(
        "applications/<int:pk>/degrees/<int:entry_pk>/transcript/",
        views_verify.transcript_mark,
        name="transcript_mark",
    ),
    path(
        "applications/<int:pk>/degrees/<int:entry_pk>/upload/",
        views.transcript_upload,
        name="transcript_upload",
    ),
    path(
        "applications/<int:pk>/<slug:section>/<int:entry_pk>/judge/",
        views_verify.entry_judge,
        name="entry_judge",
    ),
    path(
        "applications/<int:pk>/rsc/<int:entry_pk>/approve/",
        views_verify.provider_approve,
        name="provider_approve",
    ),
    path(
        "applications/<int:pk>/raters/<int:rater_pk>/vet/",
        views_verify.rater_vet,
        name="rater_vet",
    ),
    path(
        "applications/<int:pk>/raters/<int:rater_pk>/verify/",
        views_verify.rater_verify,
        name="rater_verify",
    ),
    path(
        "applications/<int:pk>/memberships/<int:membership_pk>/verify/",
        views_verify.membership_verify,
        name="membership_verify",
    ),
    path("applications/<int:pk>/assign/", views.assign, name="assign"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/reviews/reopen/", views.reviews_reopen, name="reviews_reopen"),
    path("applications/<int:pk>/issue/", views_endorsement.issue, name="issue"),
    path("endorsements/<int:pk>/revoke/", views_endorsement.revoke, name="revoke"),
    path("endorsements/<int:pk>/", views_endorsement.endorsement_page, name="endorsement"),
    path("endorsements/<int:pk>/move/", views_endorsement.move, name="endorsement_move"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("letters/<int:pk>/release/", views.letter_release, name="letter_release"),
    path("people/", views_roles.people, name="people"),
    path("association/", views_association.settings_page, name="association"),
    path("residency/", views_residency.residency, name="residency"),
    path("import/", views_import.imports, name="imports"),
    path("import/invitations/", views_import.invitations, name="import_invitations"),
    path("import/jobs/<int:pk>/", views_import.import_job, name="import_job"),
    path(
        "import/jobs/<int:pk>/status/",
        views_import.import_job_status_json,
        name="import_job_status",
    ),
    path("people/<int:pk>/roles/<slug:role>/remove/", views_roles.role_take, name="role_take"),
    path("reviews/", views.my_reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review_page, name="review"),
]
