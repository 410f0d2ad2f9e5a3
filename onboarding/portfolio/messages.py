"""Messages of the product catalogue a user may see. Tests import these constants instead of copying text."""

from django.utils.translation import gettext_lazy as _

MSG_PRODUCT_SIMILAR = _(
    "Det finns liknande produkter i katalogen: %(names)s. Välj en av dem, eller bekräfta att det är en ny produkt."
)
MSG_PRODUCT_REQUIRED = _("Ange produktens namn.")
