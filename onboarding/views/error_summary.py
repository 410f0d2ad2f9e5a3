"""The error summary at the top of a form: each error named by its field and linked to it (WCAG 3.3.1, 2.4.3)."""

from django.forms import BaseFormSet
from django.utils.translation import gettext as _


def _form_errors(form, prefix: str = "") -> list[dict]:
    items = [{"href": "", "label": prefix, "message": message} for message in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            label = f"{prefix}: {field.label}" if prefix else str(field.label)
            items.append({"href": field.id_for_label, "label": label, "message": message})
    return items


def error_summary(form) -> list[dict]:
    """[{href, label, message}] for a bound form or formset with errors (a formset's rows named by number)."""
    if form is None or not form.is_bound:
        return []
    if isinstance(form, BaseFormSet):
        items = [{"href": "", "label": "", "message": message} for message in form.non_form_errors()]
        for number, row in enumerate(form.forms, start=1):
            items += _form_errors(row, _("Informationstyp %(n)s") % {"n": number})
        return items
    return _form_errors(form)
