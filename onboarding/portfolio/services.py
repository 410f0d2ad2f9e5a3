"""Writes to the public product catalogue. The index rows of a kommun's systems are written by the registry
(onboarding/services/portfolio_index.py), which knows what a system is; the catalogue does not need to."""

from django.core.exceptions import ValidationError
from django.db import transaction

from tenants.audit import audit_record
from tenants.models import User

from .messages import MSG_PRODUCT_REQUIRED, MSG_PRODUCT_SIMILAR
from .models import Product
from .normalize import normalize_name, product_key
from .selectors import product_similar


class ProductNearDuplicate(ValidationError):
    """A new product name that looks like existing ones: the user must pick one or confirm it is new."""

    def __init__(self, candidates: list[Product]):
        self.candidates = candidates
        names = ", ".join(str(p) for p in candidates)
        super().__init__({"product_name": ValidationError(MSG_PRODUCT_SIMILAR, params={"names": names})})


def product_find(*, name: str, vendor: str = "") -> Product | None:
    """The existing product with this (normalised) name and vendor; without a vendor, the only one of that name."""
    product = Product.objects.filter(key=product_key(name, vendor)).first()
    if product is None and not normalize_name(vendor):
        same = list(Product.objects.filter(key__startswith=f"{normalize_name(name)}|")[:2])
        if len(same) == 1:
            product = same[0]
    return product


@transaction.atomic
def product_resolve(*, name: str, vendor: str = "", confirm_new: bool = False, actor: User | None) -> Product:
    """The catalogue product for what the user typed: an existing one, or a new one.

    Near-duplicates ("Procapita" when "ProCapita VoO" exists) raise ProductNearDuplicate unless
    the user has confirmed that this is a new product.
    """
    name, vendor = (name or "").strip(), (vendor or "").strip()
    if not normalize_name(name):
        raise ValidationError({"product_name": ValidationError(MSG_PRODUCT_REQUIRED)})
    existing = product_find(name=name, vendor=vendor)
    if existing is not None:
        return existing
    if not confirm_new:
        candidates = product_similar(name)
        if candidates:
            raise ProductNearDuplicate(candidates)
    product = Product(name=name, vendor=vendor)
    product.full_clean(exclude=["key"])
    product.save()
    audit_record(actor=actor, action="portfolio.product.create", obj=product, details={"name": name, "vendor": vendor})
    return product
