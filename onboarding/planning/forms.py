"""Input validation for the planning pages (the portfolio's filters are onboarding.portfolio.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .messages import MSG_QUARTER_FORMAT
from .models import PlanConstraint, PlanSettings, SystemAssessment
from .quarters import Quarter
from .scoring import CRITERIA, MAX_BENEFIT


class WeightsForm(forms.Form):
    note = forms.CharField(label=_("Kommentar till versionen"), required=False, max_length=200)

    def __init__(self, *args, weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CRITERIA.items():
            self.fields[key] = forms.IntegerField(
                label=label, min_value=0, max_value=100, initial=(weights or {}).get(key, 0)
            )

    def weights(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in CRITERIA}

    def shares(self) -> tuple[int, list[tuple[str, str, float]]]:
        """The weights' running total and what each criterion can give at most (of a system's 100 points), as
        the form shows them: what was typed, on a page shown again. The page's script keeps them up to date."""
        shown = {}
        for key in CRITERIA:
            try:
                shown[key] = max(int(self[key].value()), 0)
            except (TypeError, ValueError):
                shown[key] = 0
        total = sum(shown.values())
        return total, [
            (key, label, round(100 * shown[key] / total, 1) if total else 0.0) for key, label in CRITERIA.items()
        ]


class AssessmentForm(forms.Form):
    benefit = forms.TypedChoiceField(
        label=_("Verksamhetsnytta"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Ej bedömd")), *[(str(i), str(i)) for i in range(MAX_BENEFIT + 1)]],
        help_text=_("0 = ingen, 5 = mycket stor. Bedöms av förvaltningen med kommunens underlag."),
    )
    pilot = forms.BooleanField(label=_("Pilotleverans (planeras först)"), required=False)
    comment = forms.CharField(
        label=_("Förvaltningens anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def of(cls, assessment: SystemAssessment | None) -> "AssessmentForm":
        """The unbound form showing the assessment as it is (empty when there is none)."""
        if assessment is None:
            return cls(initial={"benefit": None, "pilot": False, "comment": ""})
        return cls(initial={"benefit": assessment.benefit, "pilot": assessment.pilot, "comment": assessment.comment})


class ConstraintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Villkor"), choices=[("", _("Inget villkor")), *PlanConstraint.Kind.choices])
    quarter = forms.CharField(
        label=_("Kvartal"),
        required=False,
        max_length=8,
        help_text=_("Som 2027 K1. För ”pausad”: inte före detta kvartal (tomt: inte alls)."),
    )
    reason = forms.CharField(label=_("Skäl"), required=False, max_length=300)

    @classmethod
    def of(cls, constraint: PlanConstraint | None) -> "ConstraintForm":
        """The unbound form showing the pin, hold or exclusion as it is (none when there is none)."""
        if constraint is None:
            return cls(initial={"kind": "", "quarter": "", "reason": ""})
        return cls(initial={"kind": constraint.kind, "quarter": constraint.quarter, "reason": constraint.reason})

    def clean_quarter(self):
        value = self.cleaned_data["quarter"].strip()
        if value:
            try:
                return Quarter.parse(value).code
            except ValueError as exc:
                raise forms.ValidationError(MSG_QUARTER_FORMAT) from exc
        return ""


class SettingsForm(forms.ModelForm):
    class Meta:
        model = PlanSettings
        fields = [
            "start_quarter",
            "horizon",
            "fairness_quarters",
            "default_capacity",
            "effort_first",
            "effort_additional",
            "solver_time_limit",
        ]
        help_texts = {"start_quarter": _("Som 2027 K1.")}

    def __init__(self, *args, capacity=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["start_quarter"] = Quarter.parse(self.instance.start_quarter).label
        start = Quarter.parse(self.instance.start_quarter)
        self.quarter_fields = []
        for i in range(self.instance.horizon):
            q = start.add(i)
            name = f"cap_{q.code}"
            self.fields[name] = forms.DecimalField(
                label=_("Kapacitet %(q)s (persondagar)") % {"q": q.label},
                min_value=0,
                max_digits=7,
                decimal_places=1,
                required=False,
                initial=(capacity or {}).get(q.code, self.instance.default_capacity),
            )
            self.quarter_fields.append(name)

    def clean_start_quarter(self):
        try:
            return Quarter.parse(self.cleaned_data["start_quarter"]).code
        except ValueError as exc:
            raise forms.ValidationError(MSG_QUARTER_FORMAT) from exc

    def capacity(self) -> dict:
        return {name.removeprefix("cap_"): self.cleaned_data.get(name) for name in self.quarter_fields}


class BuildForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), required=False, max_length=200)


class DecideForm(forms.Form):
    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.CharField(label=_("Beslutande organ"), initial="Samverkansrådet", max_length=120)
    minutes_reference = forms.CharField(
        label=_("Protokoll (referens)"), max_length=200, help_text=_("T.ex. Samverkansrådet 2026-03-12, § 14.")
    )


class StartQuarterForm(forms.Form):
    quarter = forms.CharField(max_length=8, widget=forms.HiddenInput)
