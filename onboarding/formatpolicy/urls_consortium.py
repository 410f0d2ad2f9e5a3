"""The consortium site: the förvaltning's accepted-formats policy."""

from django.urls import path

from .views.policy import FormatPolicyView, FormatRuleRemoveView, FormatRuleSetView

app_name = "formatpolicy"

urlpatterns = [
    path("filformat/", FormatPolicyView.as_view(), name="policy"),
    path("filformat/regel/", FormatRuleSetView.as_view(), name="rule_set"),
    path("filformat/regel/ta-bort/", FormatRuleRemoveView.as_view(), name="rule_remove"),
]
