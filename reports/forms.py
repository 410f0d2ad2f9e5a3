"""The order form: which report, and for which kommun, statement or plan. Its choices follow the site and role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import Statement
from onboarding.news.selectors import issue_choices
from tenants import access
from tenants.models import Kommun, Role, User
from tenants.swedish import ordered

from .documents import decided_plans
from .messages import MSG_NO_SUCH_KOMMUN
from .models import ReportKind


def _statement_choices(user: User, site: Kommun) -> list[tuple[str, str]]:
    queryset = Statement.objects.filter(number__isnull=False).select_related("kommun").order_by("-issued_at")
    if site.is_consortium:
        if access.consortium_role(user) != Role.FORVALTNING:
            return []
    else:
        queryset = queryset.filter(kommun=site)
    return [(str(s.pk), f"{s.number} – {s.kommun.name} {s.year} {s.get_period_display()}") for s in queryset[:200]]


def _plan_choices(site: Kommun) -> list[tuple[str, str]]:
    return [] if not site.is_consortium else [(str(p.pk), str(p)) for p in decided_plans()]


class ReportOrderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rapport"))
    kommun = forms.ModelChoiceField(
        label=_("Kommun"),
        queryset=Kommun.objects.none(),
        required=False,
        help_text=_("Gäller kommunrapporten."),
    )
    statement_id = forms.ChoiceField(label=_("Fakturaunderlag"), required=False, help_text=_("Gäller fakturaunderlag."))
    plan_id = forms.ChoiceField(label=_("Planversion"), required=False, help_text=_("Gäller anslutningsplanen."))
    issue_id = forms.ChoiceField(label=_("Nyhetsbrev"), required=False, help_text=_("Gäller nyhetsbrevet."))

    def __init__(self, *args, user: User, site: Kommun, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        kinds = []
        if site.is_consortium:
            kinds = [ReportKind.CONSORTIUM, ReportKind.KOMMUN]
            self.fields["kommun"].queryset = Kommun.objects.members().order_by(ordered("name"))
        else:
            kinds = [ReportKind.KOMMUN]
            del self.fields["kommun"]
        statements = _statement_choices(user, site)
        if statements:
            kinds.append(ReportKind.STATEMENT)
            self.fields["statement_id"].choices = [("", "–")] + statements
        else:
            del self.fields["statement_id"]
        plans = _plan_choices(site)
        if plans:
            kinds.append(ReportKind.PLAN)
            self.fields["plan_id"].choices = [("", "–")] + plans
        else:
            del self.fields["plan_id"]
        issues = issue_choices() if site.is_consortium and access.is_forvaltning(user) else []
        if issues:
            kinds.append(ReportKind.NEWSLETTER)
            self.fields["issue_id"].choices = [("", "–")] + issues
        else:
            del self.fields["issue_id"]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]

    def order(self) -> dict:
        """The arguments of services.report_request."""
        data = self.cleaned_data
        kind = data["kind"]
        kommun = data.get("kommun") if self.site.is_consortium else self.site
        parameters = {}
        if kind == ReportKind.STATEMENT:
            parameters["statement_id"] = int(data.get("statement_id") or 0)
        if kind == ReportKind.PLAN:
            parameters["plan_id"] = int(data.get("plan_id") or 0)
        if kind == ReportKind.NEWSLETTER:
            parameters["issue_id"] = int(data.get("issue_id") or 0)
        return {"kind": kind, "kommun": kommun if kind == ReportKind.KOMMUN else None, "parameters": parameters}


class DashboardKommunForm(forms.Form):
    """The consortium start page's choice of a kommun to show beside all kommuner in the months' charts (GET)."""

    kommun = forms.TypedChoiceField(
        label=_("Visa en kommun bredvid alla kommuner"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, kommuner: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [("", _("Bara alla kommuner"))] + [(str(pk), name) for pk, name in kommuner]
        self.fields["kommun"].error_messages["invalid_choice"] = MSG_NO_SUCH_KOMMUN

    def chosen(self) -> int | None:
        """The chosen kommun's id, or None (all kommuner only) when nothing or something unknown was chosen."""
        return self.cleaned_data["kommun"] if self.is_bound and self.is_valid() else None
