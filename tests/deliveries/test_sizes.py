"""Sizes people read are decimal: 1 GB = 10^9 bytes, on every page and in every limit."""

from django.utils import translation

from tenants.sizes import GB, size_text, whole_gb


def test_a_gigabyte_is_ten_to_the_ninth_bytes():
    with translation.override("sv"):
        assert size_text(1_500_000_000) == "1,5 GB"
        assert size_text(12_345_678) == "12,3 MB"
        assert size_text(2_400) == "2,4 kB"
        assert size_text(950) == "950 byte"
    assert whole_gb(50 * GB) == "50"
