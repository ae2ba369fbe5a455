"""Price for a quantity, responsiveness, contact masking, file types."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from chuhai.trade.engine.contacts import MASK, mask_contacts
from chuhai.trade.engine.files import JPEG, PDF, PNG, WEBP, sniff
from chuhai.trade.engine.pricing import check_tiers, price_for_quantity
from chuhai.trade.engine.response import response_stats

D = Decimal


def test_price_for_quantity_takes_the_highest_tier_reached():
    tiers = [(500, D("9")), (1000, D("8"))]
    assert price_for_quantity(100, D("10"), 100, tiers).unit_price == D("10")
    assert price_for_quantity(499, D("10"), 100, tiers).unit_price == D("10")
    found = price_for_quantity(700, D("10"), 100, tiers)
    assert (found.unit_price, found.tier_min_quantity, found.below_minimum) == (D("9"), 500, False)
    assert price_for_quantity(5000, D("10"), 100, tiers).unit_price == D("8")
    assert price_for_quantity(50, D("10"), 100, tiers).below_minimum is True


def test_tier_checks():
    assert check_tiers(100, D("10"), [(500, D("9"))]) is None
    assert check_tiers(100, D("10"), [(100, D("9"))]) == "tier_not_above_minimum"
    assert check_tiers(100, D("10"), [(500, D("9")), (500, D("8"))]) == "tier_duplicate"
    assert check_tiers(100, D("10"), [(500, D("11"))]) == "tier_price_rises"


def test_response_rate_and_median():
    now = datetime(2026, 11, 10, 12)
    t0 = datetime(2026, 11, 1)
    stats = response_stats([
        (t0, t0 + timedelta(hours=2)),
        (t0, t0 + timedelta(hours=10)),
        (t0, t0 + timedelta(hours=30)),  # answered, but late
        (t0, None),  # never answered
        (now - timedelta(hours=3), None),  # still within its day: pending
    ], now)
    assert (stats.fits, stats.answered_in_time, stats.answered, stats.pending) == (4, 2, 3, 1)
    assert stats.rate == 0.5
    assert stats.median_hours == 10.0
    empty = response_stats([], now)
    assert empty.rate is None and empty.median_hours is None


def test_contact_details_are_masked():
    text, count = mask_contacts("Mail me at jane.doe@example.com or call +1 (614) 555-0199, "
                                "WhatsApp: janedoe99, see www.example.com. 500 pcs by 2026-12-01 at 12.50 USD")
    assert "jane.doe" not in text and "555" not in text and "janedoe99" not in text and "example.com" not in text
    assert count == 4 and text.count(MASK) == 4
    assert "500 pcs by 2026-12-01 at 12.50 USD" in text
    assert mask_contacts("微信：wig_factory_88")[1] == 1
    assert mask_contacts("MOQ 300, lead time 25 days")[1] == 0


def test_file_types_come_from_the_content():
    assert sniff(b"%PDF-1.7\n") == PDF
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == JPEG
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") == PNG
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == WEBP
    assert sniff(b"<html><script>") is None
    assert sniff(b"MZ\x90\x00") is None
