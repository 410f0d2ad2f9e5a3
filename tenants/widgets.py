"""Form widgets the pages share."""

from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _attributes(attrs: dict) -> str:
    """The attributes as Django's widgets/attrs.html writes them: in order, True bare, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value), quote=True)}"'
        for name, value in attrs.items()
        if value is not False
    )


class ManyOptionsSelect(forms.Select):
    """A plain <select> rendered in one pass. Django's Select renders a template per option: for the product
    catalogue (~3,000 products at 290 kommuner) that was most of the board's time, and a third of the portfolio's for
    its 290 kommuner; the system list's filters were a sixth of its time. Same markup (name first, then the attributes
    in Django's order), no optgroups."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(v), quote=True)}"{" selected" if str(v) in chosen else ""}>'
            f"{escape(str(label), quote=True)}</option>"
            for v, label in self.choices
        )
        return mark_safe(  # noqa: S308 - every part escaped
            f'<select name="{escape(name, quote=True)}"{_attributes(final_attrs)}>{options}</select>'
        )
