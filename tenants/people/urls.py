"""The people pages and the audit trail, on every site (included by config/urls_common.py)."""

from django.urls import path

from .views import audit, people, setup

app_name = "people"
urlpatterns = [
    path("personer/", people.PeopleListView.as_view(), name="list"),
    path("personer/<int:user_id>/", people.PersonView.as_view(), name="person"),
    path("personer/<int:user_id>/roll/", people.PersonRoleView.as_view(), name="role"),
    path("personer/<int:user_id>/ta-bort/", people.PersonRemoveView.as_view(), name="remove"),
    path("personer/<int:user_id>/stang-av/", people.PersonDeactivateView.as_view(), name="deactivate"),
    path(
        "personer/<int:user_id>/aterstall-tvastegsverifiering/", people.PersonMfaResetView.as_view(), name="mfa_reset"
    ),
    path("handelselogg/", audit.AuditTrailView.as_view(), name="audit"),
    path("handelselogg/export.csv", audit.AuditCsvView.as_view(), name="audit_csv"),
    path("tvastegsverifiering/", setup.SecondFactorRequiredView.as_view(), name="mfa_required"),
]
