"""A model mixin whose get_FOO_display reads a label table built once per field and language.

Django's own get_FOO_display builds a dict of the field's flat choices on every call and resolves the lazy
label each time: in a list of fifty systems with four such columns that is two hundred dicts and
translations per page. The labels are lazy gettext, so the table is kept per active language (the pages
exist in Swedish and English); a value outside the choices is returned as it is, as Django does.
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_LABELS: dict[tuple, dict] = {}


def choice_labels(field) -> dict:
    """{value: label as text in the active language} of a field with choices."""
    key = (field.model, field.name, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {
            make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices
        }
    return labels


class ChoiceLabels:
    """Mix into a model (before models.Model) to get cached get_FOO_display methods for its choice fields."""

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, overridden
        value = getattr(self, field.attname)
        return choice_labels(field).get(make_hashable(value), value)
