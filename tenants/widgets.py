"""Form widgets the pages share."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class ManyOptionsSelect(forms.Select):
    """A plain <select> rendered in one pass. Django's Select renders a template per option: for the product
    catalogue (~3,000 products at 290 kommuner) that was most of the board's time, and a third of the portfolio's for
    its 290 kommuner. Same markup, no optgroups."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(v), quote=True)}"{" selected" if str(v) in chosen else ""}>'
            f"{escape(str(label), quote=True)}</option>"
            for v, label in self.choices
        )
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # noqa: S308 - every part escaped
