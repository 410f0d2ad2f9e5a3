"""Sizes the way people read them: decimal units, 1 GB = 10^9 bytes (as disks, the archive and invoices count).

The one place that turns a byte count into text; templates use the `size` filter (tenants/templatetags/sizes.py).
Buffers and chunk sizes in code are not sizes people read, and stay powers of two.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

KB = 10**3
MB = 10**6
GB = 10**9
TB = 10**12


def size_text(count: int | float | None) -> str:
    """'950 byte', '12,5 kB', '3,1 GB': one decimal from kB up, in the active language's number format."""
    count = int(count or 0)
    if count < KB:
        return _("%(n)s byte") % {"n": count}
    for unit, name in ((TB, "TB"), (GB, "GB"), (MB, "MB"), (KB, "kB")):
        if count >= unit:
            return f"{number_format(round(count / unit, 1), 1)} {name}"
    raise AssertionError("unreachable")


def whole_gb(count: int) -> str:
    """A limit in whole GB ('50'), for messages such as 'Största tillåtna storlek är 50 GB.'"""
    return f"{count / GB:.0f}"
