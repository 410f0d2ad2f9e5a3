"""A kommun's site: the format rules of a submission agreement version."""

from django.urls import path

from .views.rules import AgreementFormatRuleRemoveView, AgreementFormatRuleSetView, AgreementFormatRulesView

app_name = "agreement_formats"
AGREEMENT = "anslutningar/<int:pk>/overenskommelse/<int:version>/filformat/"

urlpatterns = [
    path(AGREEMENT, AgreementFormatRulesView.as_view(), name="rules"),
    path(AGREEMENT + "regel/", AgreementFormatRuleSetView.as_view(), name="rule_set"),
    path(AGREEMENT + "regel/ta-bort/", AgreementFormatRuleRemoveView.as_view(), name="rule_remove"),
]
