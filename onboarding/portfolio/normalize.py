"""Product names are compared normalised: "Procapita", "ProCapita " and "procapita." are one name."""

import re
import unicodedata

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalize_name(value: str) -> str:
    """NFKC, casefold, punctuation and whitespace runs collapsed to one space, trimmed."""
    value = unicodedata.normalize("NFKC", value or "").casefold()
    return " ".join(_PUNCT.sub(" ", value).split())


def product_key(name: str, vendor: str = "") -> str:
    return f"{normalize_name(name)}|{normalize_name(vendor)}"
