"""Input validation for the pages: one form per wizard step, the list filters, uploads, review actions."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from onboarding.inventory.choices import (
    CLASSIFICATION_MEANINGS,
    ExportCapability,
    Retention,
    SystemStatus,
    YesNoUnknown,
)
from tenants.widgets import ManyOptionsSelect

from .messages import MSG_PERIOD_ORDER, MSG_REQUIRED, MSG_RETENTION_YEARS_MISSING
from .models import Attachment, System

RECORDS_CREATORS = [
    "Kommunstyrelsen",
    "Socialnämnden",
    "Barn- och utbildningsnämnden",
    "Byggnadsnämnden",
    "Miljö- och hälsoskyddsnämnden",
    "Vård- och omsorgsnämnden",
    "Kultur- och fritidsnämnden",
    "Tekniska nämnden",
    "Överförmyndarnämnden",
]


MSG_STARTS_LIKE_FORMULA = _("Värdet får inte börja med = (kalkylprogram läser det som en formel).")


class NoFormulaMixin:
    """Text may not begin with "=": the import refuses such cells as formulas, so the register never
    holds a value that an export could not bring back, nor one a spreadsheet would execute."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str) and value.lstrip().startswith("="):
                self.add_error(name, MSG_STARTS_LIKE_FORMULA)
        return data


class BasicsForm(NoFormulaMixin, forms.ModelForm):
    """Step 1: what the system is. The product is typed (with suggestions) and resolved against the catalogue."""

    product_name = forms.CharField(
        label=_("Produkt"),
        max_length=120,
        help_text=_("Produktens namn, t.ex. Public 360°. Befintliga produkter föreslås medan du skriver."),
    )
    vendor = forms.CharField(label=_("Leverantör"), max_length=120, required=False)
    use_product = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(label=_("Det här är en ny produkt som inte finns i listan"), required=False)

    class Meta:
        model = System
        fields = ["name", "version", "records_creator", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        product = self.instance.product if self.instance.pk and self.instance.product_id else None
        if product and not self.is_bound:
            self.initial.update(product_name=product.name, vendor=product.vendor)
        self.fields["name"].help_text = _("Det namn verksamheten använder, t.ex. Diariet eller Elevregistret.")
        self.fields["records_creator"].widget.attrs["list"] = "records-creators"
        self.fields["product_name"].widget.attrs.update(autocomplete="off", list="product-suggestions")


class ContactsForm(NoFormulaMixin, forms.ModelForm):
    """Step 2: who owns, manages and administers the system."""

    class Meta:
        model = System
        fields = [
            "owner_name",
            "owner_email",
            "owner_phone",
            "manager_name",
            "manager_email",
            "manager_phone",
            "administrator_name",
            "administrator_email",
            "administrator_phone",
        ]


class InformationTypeForm(NoFormulaMixin, forms.Form):
    """One information type of the system (step 3). A blank row is ignored."""

    name = forms.CharField(label=_("Informationstyp"), max_length=150, required=False)
    retention = forms.ChoiceField(label=_("Bevarande"), choices=Retention.choices, initial=Retention.PRESERVE)
    retention_years = forms.IntegerField(label=_("Gallras efter (år)"), required=False, min_value=1, max_value=200)
    retention_decision = forms.CharField(label=_("Beslut"), max_length=200, required=False)
    period_from = forms.IntegerField(label=_("Från år"), required=False, min_value=1800, max_value=2200)
    period_to = forms.IntegerField(label=_("Till år"), required=False, min_value=1800, max_value=2200)
    volume_gb = forms.DecimalField(label=_("Volym (GB)"), required=False, min_value=0, max_digits=12, decimal_places=2)
    record_count = forms.IntegerField(label=_("Antal poster eller ärenden"), required=False, min_value=0)

    def clean(self):
        data = super().clean()
        filled = any(data.get(f) not in (None, "") for f in self.fields if f not in ("name", "retention", "DELETE"))
        if filled and not data.get("name"):
            self.add_error("name", MSG_REQUIRED)
        if data.get("name") and data.get("retention") == Retention.DISPOSE and not data.get("retention_years"):
            self.add_error("retention_years", MSG_RETENTION_YEARS_MISSING)
        if data.get("retention") == Retention.PRESERVE:
            data["retention_years"] = None
        if data.get("period_from") and data.get("period_to") and data["period_from"] > data["period_to"]:
            self.add_error("period_to", MSG_PERIOD_ORDER)
        return data


InformationTypeFormSet = formset_factory(InformationTypeForm, extra=1, can_delete=True, max_num=100)


class ClassificationForm(forms.ModelForm):
    """Step 4: personal data and the K/R/T classification (Klassa's scale 0–4)."""

    class Meta:
        model = System
        fields = ["personal_data", "sensitive_personal_data", "confidentiality", "integrity", "availability"]
        help_texts = {
            "confidentiality": _("0 = ingen skada … 4 = mycket allvarlig skada om informationen röjs."),
            "integrity": _("0–4: hur allvarligt det är om informationen är felaktig."),
            "availability": _("0–4: hur allvarligt det är om informationen inte går att nå."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("confidentiality", "integrity", "availability"):
            self.fields[name].choices = [("", _("Inte bedömd ännu"))] + CLASSIFICATION_MEANINGS


class DecommissionForm(forms.ModelForm):
    """Step 5: when the system goes away, and whether its information can be exported."""

    class Meta:
        model = System
        fields = ["decommission_date", "export_capability", "vendor_asked"]
        widgets = {"decommission_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"decommission_date": _("Lämna tomt om inget datum är bestämt. Format ÅÅÅÅ-MM-DD.")}


class CompletionRequestForm(forms.Form):
    comment = forms.CharField(label=_("Vad behöver kompletteras?"), widget=forms.Textarea(attrs={"rows": 3}))


class SystemFilterForm(forms.Form):
    """The list's search, filters and sorting (GET). Invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla"))] + SystemStatus.choices,
        widget=ManyOptionsSelect,
    )
    k = forms.TypedChoiceField(
        label=_("Konfidentialitet minst"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alla"))] + [(str(i), str(i)) for i in range(5)],
        widget=ManyOptionsSelect,
    )
    personuppgifter = forms.ChoiceField(
        label=_("Personuppgifter"),
        required=False,
        choices=[("", _("Alla"))] + YesNoUnknown.choices + [("kansliga", _("Känsliga personuppgifter"))],
        widget=ManyOptionsSelect,
    )
    avveckling = forms.BooleanField(label=_("Avvecklas inom 12 månader"), required=False)
    export = forms.ChoiceField(
        label=_("Exportmöjlighet"),
        required=False,
        choices=[("", _("Alla"))] + ExportCapability.choices,
        widget=ManyOptionsSelect,
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av bilaga"), choices=Attachment.Kind.choices, widget=ManyOptionsSelect)
    file = forms.FileField(label=_("Fil"))


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med system (xlsx eller csv)"),
        help_text=_("Använd mallen. Inget sparas förrän du har sett förhandsvisningen och valt att importera."),
    )
