"""Header mapping: aliases in English and Chinese, user mappings, order-report formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chuhai.imports import columns
from chuhai.imports.columns import LAYOUTS, detect_format, header_key, map_header


def test_header_matching_ignores_case_spaces_dashes_and_full_width_punctuation():
    assert header_key(" Item-Price ") == header_key("item_price") == header_key("ITEM PRICE")
    layout = LAYOUTS[("products", "standard")]
    header_map = map_header(layout, ["SKU*", "重量（kg）", "HS Code", "中文名称", "品类"])
    assert header_map.index == {"sku": 0, "weight_kg": 1, "hs_code": 2, "title_zh": 3, "category": 4}
    assert header_map.problems == []


def test_two_columns_meaning_the_same_field_are_a_problem():
    header_map = map_header(LAYOUTS[("buyers", "standard")], ["key", "company", "国家", "country", "kind"])
    assert [(problem.column, "both mean country" in problem.reason) for problem in header_map.problems] == [
        ("country", True)]


def test_a_mapping_to_an_unknown_field_is_a_problem():
    header_map = map_header(LAYOUTS[("buyers", "standard")], ["id"], {"id": "identifier"})
    assert any("not a buyers field" in problem.reason for problem in header_map.problems)


def test_order_report_format_is_detected_from_the_headers():
    assert detect_format("order_lines", ["amazon-order-id", "purchase-date", "sku"]) == "amazon"
    assert detect_format("order_lines", ["订单号", "下单日期", "货号"]) == "generic"
    assert detect_format("order_lines", ["amazon-order-id"], "generic") == "generic"
    assert detect_format("products", ["sku"]) == "standard"
    with pytest.raises(ValueError, match="does not apply"):
        detect_format("products", ["sku"], "amazon")


def test_formats_md_documents_every_field_of_every_layout():
    document = (Path(columns.__file__).parent / "FORMATS.md").read_text(encoding="utf-8")
    for (kind, fmt), layout in LAYOUTS.items():
        section = re.search(rf"<!-- {kind}/{fmt} -->(.*?)(<!--|\Z)", document, re.DOTALL)
        assert section, f"FORMATS.md has no section for {kind}/{fmt}"
        for column in layout.columns:
            assert f"`{column.name}`" in section.group(1), f"{kind}/{fmt}: {column.name} is undocumented"
            for alias in column.aliases:
                assert alias in section.group(1), f"{kind}/{fmt}: alias {alias!r} of {column.name} is undocumented"
