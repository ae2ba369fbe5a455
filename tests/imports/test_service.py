"""run_import: all or nothing, row-level errors, idempotence, permissions, file formats."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from chuhai.accounts.models import AuditLog
from chuhai.catalog.models import Certification, Enterprise, PriceTier, Product
from chuhai.demand.models import Buyer, Demand, OrderLine
from chuhai.errors import Forbidden

from .factories import (
    add_buyer,
    add_enterprise,
    add_product,
    buyer_member,
    count,
    credit_code,
    enterprise_member,
    import_rows,
)

PRODUCT_HEADER = ["enterprise", "货号", "中文标题", "英文标题", "品类", "HS编码", "起订量", "单价", "币种", "重量(kg)"]


def product_row(code: str, sku: str, *, hs: str = "6704.20", price: str = "25.50", title_en: str | None = None):
    return [code, sku, f"假发{sku}", title_en or f"Wig {sku}", "wigs", hs, "10", price, "USD", "0.35"]


def test_a_file_with_bad_rows_imports_nothing_and_names_each_bad_row(session):
    _, code = add_enterprise(session, 1)
    rows = [
        PRODUCT_HEADER,
        product_row(code, "W-1"),
        product_row(code, "W-2", hs="6704.1"),
        product_row(code, "W-3"),
        product_row(code, "W-4", price="-3"),
        product_row(code, "W-5"),
    ]
    # Two rows a chunk: the good rows of the first chunk must not be written either.
    report = import_rows(session, "products", rows, chunk_rows=2)

    assert not report.ok
    assert [(error.row, error.column, error.field) for error in report.errors] == [
        (3, "HS编码", "hs_code"),
        (5, "单价", "price"),
    ]
    assert "HS code 6704.1 is not a 6-digit HS 2022 code" in report.errors[0].reason
    assert "negative" in report.errors[1].reason
    assert str(report.errors[0]).startswith("row 3, column HS编码: HS code 6704.1")
    assert count(session, Product) == 0
    assert count(session, PriceTier) == 0
    assert report.created == report.updated == report.unchanged == 0


def test_skip_bad_rows_imports_the_good_rows_and_lists_the_skipped(session):
    _, code = add_enterprise(session, 1)
    rows = [PRODUCT_HEADER, product_row(code, "W-1"), product_row(code, "W-2", hs="670499"), product_row(code, "W-3")]

    report = import_rows(session, "products", rows, skip_bad_rows=True, chunk_rows=2)

    assert report.ok
    assert report.created == 2
    assert report.skipped_rows == 1
    assert [(error.row, error.field) for error in report.skipped] == [(3, "hs_code")]
    assert "no such subheading" in report.skipped[0].reason
    assert not report.errors
    assert sorted(session.scalars(select(Product.sku))) == ["W-1", "W-3"]


def test_reimporting_the_same_file_changes_nothing(session):
    _, code = add_enterprise(session, 1)
    rows = [PRODUCT_HEADER, product_row(code, "W-1"), product_row(code, "W-2"), product_row(code, "W-3")]
    first = import_rows(session, "products", rows)
    stamps = dict(session.execute(select(Product.sku, Product.updated_at)).all())
    tier_ids = sorted(session.scalars(select(PriceTier.id)))

    again = import_rows(session, "products", rows)

    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(session.execute(select(Product.sku, Product.updated_at)).all()) == stamps
    assert sorted(session.scalars(select(PriceTier.id))) == tier_ids
    summaries = session.scalars(select(AuditLog.summary).where(AuditLog.action == "import")).all()
    assert len(summaries) == 2 and "3 created" in summaries[0] and "3 unchanged" in summaries[1]


def test_a_changed_row_is_updated_and_only_that_row(session):
    _, code = add_enterprise(session, 1)
    rows = [PRODUCT_HEADER, product_row(code, "W-1"), product_row(code, "W-2")]
    import_rows(session, "products", rows)
    rows[2] = product_row(code, "W-2", price="19.90", title_en="Bob wig")

    report = import_rows(session, "products", rows)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    product = session.scalars(select(Product).where(Product.sku == "W-2")).one()
    assert product.title_en == "Bob wig"
    tiers = session.execute(select(PriceTier.min_quantity, PriceTier.unit_price, PriceTier.currency)
                            .where(PriceTier.product_id == product.id)).all()
    assert [(minimum, Decimal(price), currency) for minimum, price, currency in tiers] == [
        (10, Decimal("19.90"), "USD")]


def test_a_changed_price_tier_alone_counts_as_an_update(session):
    _, code = add_enterprise(session, 1)
    header = ["enterprise", "sku", "title_en", "category", "hs_code", "price_tiers", "currency"]
    import_rows(session, "products", [
        header, [code, "L-1", "Lashes", "eyelashes", "670490", "100:1.20;500:0.95", "USD"]])

    report = import_rows(session, "products",
                         [header, [code, "L-1", "Lashes", "eyelashes", "670490", "100:1.20;1000:0.90", "USD"]])

    assert (report.updated, report.unchanged) == (1, 0)
    tiers = session.execute(select(PriceTier.min_quantity, PriceTier.unit_price).order_by(PriceTier.min_quantity)).all()
    assert [(minimum, Decimal(price)) for minimum, price in tiers] == [(100, Decimal("1.20")), (1000, Decimal("0.90"))]


def test_columns_missing_from_the_file_are_left_alone_on_update(session):
    _enterprise_id, code = add_enterprise(session, 1)
    import_rows(session, "products", [PRODUCT_HEADER, product_row(code, "W-1")])

    report = import_rows(session, "products", [["enterprise", "sku", "title_en", "category", "hs_code"],
                                               [code, "W-1", "Renamed wig", "wigs", "670420"]])

    assert report.updated == 1
    product = session.scalars(select(Product)).one()
    assert (product.title_en, product.title_zh, product.moq, product.weight_kg) == (
        "Renamed wig", "假发W-1", 10, Decimal("0.35"))
    assert count(session, PriceTier) == 1


def test_xlsx_with_numeric_cells(session):
    _, code = add_enterprise(session, 1)
    rows = [PRODUCT_HEADER, [code, 1001, "真人发假发", "Human hair wig", "发制品", 670420, 10, 25.5, "usd", 0.35]]

    report = import_rows(session, "products", rows, filename="products.xlsx")

    assert report.ok and report.created == 1 and report.file_type == "xlsx"
    product = session.scalars(select(Product)).one()
    assert (product.sku, product.category, product.hs_code, product.moq) == ("1001", "wigs", "670420", 10)
    tier = session.scalars(select(PriceTier)).one()
    assert (tier.min_quantity, tier.unit_price, tier.currency) == (10, Decimal("25.5"), "USD")


def test_gbk_csv_with_semicolons_from_chinese_excel(session):
    _, code = add_enterprise(session, 1)
    rows = [
        ["统一社会信用代码", "商品编码", "商品名称", "类目", "海关编码", "最小起订量", "阶梯价", "货币",
         "交期(天)", "尺寸(cm)"],
        [code, "Y-01", "儿童滑梯城堡", "游乐设备", "9508.21", "1", "1:900;10:850", "美元", "30", "300×200×180"],
    ]

    report = import_rows(session, "products", rows, encoding="gbk", delimiter=";")

    assert report.ok, report.errors
    assert report.encoding == "gb18030"
    product = session.scalars(select(Product)).one()
    assert product.title_zh == "儿童滑梯城堡"
    assert product.category == "playground"
    assert (product.length_cm, product.width_cm, product.height_cm) == (Decimal(300), Decimal(200), Decimal(180))
    assert product.lead_time_days == 30
    assert sorted(session.execute(select(PriceTier.min_quantity, PriceTier.currency)).all()) == [
        (1, "USD"), (10, "USD")]


def test_an_enterprise_member_cannot_import_another_enterprises_products(session):
    own_id, own_code = add_enterprise(session, 1)
    _, other_code = add_enterprise(session, 2)
    rows = [PRODUCT_HEADER, product_row(own_code, "W-1"), product_row(other_code, "W-2")]

    report = import_rows(session, "products", rows, actor=enterprise_member(own_id))

    assert not report.ok
    assert [(error.row, error.field) for error in report.errors] == [(3, "enterprise")]
    assert "only for your own enterprise" in report.errors[0].reason
    assert count(session, Product) == 0


def test_an_enterprise_member_without_the_enterprise_column_imports_for_itself(session):
    own_id, _ = add_enterprise(session, 1)
    rows = [["sku", "title_en", "category", "hs_code"], ["W-1", "Wig", "wigs", "670420"]]

    report = import_rows(session, "products", rows, actor=enterprise_member(own_id))

    assert report.created == 1
    assert session.scalars(select(Product.enterprise_id)).one() == own_id


def test_an_operator_product_file_needs_the_enterprise_column(session):
    report = import_rows(session, "products", [
        ["sku", "title_en", "category", "hs_code"], ["W-1", "Wig", "wigs", "670420"]])

    assert [(error.row, error.column) for error in report.errors] == [(1, "enterprise")]


def test_products_of_an_unknown_enterprise_are_refused(session):
    report = import_rows(session, "products", [PRODUCT_HEADER, product_row(credit_code(99), "W-1")])

    assert "no enterprise has the credit code" in report.errors[0].reason


@pytest.mark.parametrize("kind", ["enterprises", "buyers"])
def test_only_operators_import_enterprises_and_buyers(session, kind):
    enterprise_id, _ = add_enterprise(session, 1)
    with pytest.raises(Forbidden):
        import_rows(session, kind, [["key"], ["x"]], actor=enterprise_member(enterprise_id))


def test_a_buyer_may_not_import_products(session):
    buyer_id = add_buyer(session, "B-1")
    with pytest.raises(Forbidden):
        import_rows(session, "products", [PRODUCT_HEADER], actor=buyer_member(buyer_id))


def test_a_malformed_credit_code_gets_a_clear_message(session):
    good = credit_code(7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [["统一社会信用代码", "企业名称"], [good, "胶州发制品有限公司"], [bad, "平度睫毛有限公司"],
            ["91370281ABC", "短码公司"]]

    report = import_rows(session, "enterprises", rows)

    assert [(error.row, error.column) for error in report.errors] == [(3, "统一社会信用代码"), (4, "统一社会信用代码")]
    assert f"credit code {bad} is not a valid unified social credit code: check character should be" in (
        report.errors[0].reason)
    assert "must be 18 characters, got 11" in report.errors[1].reason
    assert count(session, Enterprise) == 0


def test_enterprises_with_certifications_are_idempotent_and_updated(session):
    code = credit_code(3)
    header = ["credit_code", "name_zh", "kind", "certifications", "export_markets", "export_channels"]
    row = [code, "青岛家具有限公司", "生产企业", "CE:2027-06-30; ISO 9001", "美国, DE, Indonesia", "亚马逊, Wayfair"]
    first = import_rows(session, "enterprises", [header, row])
    again = import_rows(session, "enterprises", [header, row])
    row[3] = "CE:2028-06-30"
    changed = import_rows(session, "enterprises", [header, row])

    assert (first.created, again.unchanged, changed.updated) == (1, 1, 1)
    enterprise = session.scalars(select(Enterprise)).one()
    assert enterprise.export_markets == ["DE", "ID", "US"]
    assert enterprise.export_channels == ["amazon", "wayfair"]
    certificates = session.execute(select(Certification.name, Certification.valid_until)).all()
    assert [tuple(entry) for entry in certificates] == [("CE", date(2028, 6, 30))]


def test_duplicates_within_the_file_are_errors_naming_the_first_row(session):
    _, code = add_enterprise(session, 1)
    rows = [PRODUCT_HEADER, product_row(code, "W-1"), product_row(code, "W-2"), product_row(code, "W-1")]

    report = import_rows(session, "products", rows, chunk_rows=1)

    assert [(error.row, error.field) for error in report.errors] == [(4, "sku")]
    assert "duplicate of row 2" in report.errors[0].reason


def test_missing_required_columns_are_reported_on_the_header_row(session):
    report = import_rows(session, "buyers", [["key", "company"], ["B-1", "Acme"]])

    assert {(error.row, error.column) for error in report.errors} == {(1, "country"), (1, "kind")}


def test_a_user_mapping_names_unusual_headers(session):
    enterprise_id, _ = add_enterprise(session, 1)
    rows = [["Artikelnummer", "Bezeichnung", "Warengruppe", "Zolltarifnummer", "Farbe"],
            ["A-7", "Perücke", "wigs", "6704 20", "schwarz"]]

    report = import_rows(session, "products", rows, actor=enterprise_member(enterprise_id), mapping={
        "Artikelnummer": "sku", "Bezeichnung": "title_en", "Warengruppe": "category", "Zolltarifnummer": "hs_code",
    })

    assert report.created == 1
    assert report.ignored_columns == ["Farbe"]
    assert session.scalars(select(Product.hs_code)).one() == "670420"


def test_buyers_accept_country_names_and_chinese_kinds(session):
    rows = [["买家编号", "公司名称", "国家", "采购商类型", "语言"],
            ["B-1", "Salon Paris", "法国", "沙龙", "法语"],
            ["B-2", "Jakarta Trading", "Indonesia", "distributor", "id"],
            ["B-3", "Nowhere", "Atlantis", "importer", "en"]]

    report = import_rows(session, "buyers", rows, skip_bad_rows=True)

    assert report.created == 2 and [error.row for error in report.skipped] == [4]
    assert "not an ISO 3166 country" in report.skipped[0].reason
    buyers = session.execute(select(Buyer.key, Buyer.country, Buyer.kind, Buyer.language).order_by(Buyer.key)).all()
    assert [tuple(buyer) for buyer in buyers] == [("B-1", "FR", "salon", "fr"), ("B-2", "ID", "distributor", "id")]


DEMAND_HEADER = ["需求编号", "买家编号", "需求描述", "数量", "目标价", "币种", "目的国", "截止日期"]


def test_a_buyer_imports_its_own_demands_only(session):
    own = add_buyer(session, "B-1")
    add_buyer(session, "B-2")
    rows = [DEMAND_HEADER,
            ["RFQ-1", "B-1", "Need 500 human hair wigs, 18 inch", "500", "35", "USD", "US", "2027-01-31"],
            ["RFQ-2", "", "Pestañas postizas, 10.000 pares", "10000", "0.8", "EUR", "ES", "2027年2月1日"],
            ["RFQ-3", "B-2", "Someone else's demand", "10", "1", "USD", "US", ""]]

    refused = import_rows(session, "demands", rows, actor=buyer_member(own))
    report = import_rows(session, "demands", rows[:3], actor=buyer_member(own))

    assert [(error.row, error.field) for error in refused.errors] == [(4, "buyer")]
    assert report.created == 2
    demands = session.execute(select(Demand.ref, Demand.buyer_id, Demand.deadline, Demand.target_price)
                              .order_by(Demand.ref)).all()
    assert [(ref, buyer, deadline) for ref, buyer, deadline, _ in demands] == [
        ("RFQ-1", own, date(2027, 1, 31)), ("RFQ-2", own, date(2027, 2, 1))]
    assert Decimal(demands[1][3]) == Decimal("0.8")


def test_an_operator_demand_needs_an_existing_buyer(session):
    rows = [DEMAND_HEADER, ["RFQ-1", "B-404", "wigs", "1", "1", "USD", "US", ""]]

    report = import_rows(session, "demands", rows)

    assert "no buyer has the key 'B-404'" in report.errors[0].reason


# A realistic "All Orders" report of Amazon Seller Central: tab-separated, all 32 columns.
AMAZON_HEADER = [
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "order-channel", "url", "ship-service-level",
    "product-name", "sku", "asin", "item-status", "quantity", "currency",
    "item-price", "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax",
    "item-promotion-discount", "ship-promotion-discount",
    "ship-city", "ship-state", "ship-postal-code", "ship-country",
    "promotion-ids", "is-business-order", "purchase-order-number", "price-designation",
]


def amazon_row(order_id, purchase_date, status, fulfilment, channel, sku, item_status, quantity, currency, price,
               city, country):
    row = dict.fromkeys(AMAZON_HEADER, "")
    row.update({
        "amazon-order-id": order_id, "purchase-date": purchase_date, "last-updated-date": purchase_date,
        "order-status": status, "fulfillment-channel": fulfilment, "sales-channel": channel,
        "ship-service-level": "Standard", "product-name": f"Product {sku}", "sku": sku,
        "asin": "B0" + sku[-8:].rjust(8, "0"),
        "item-status": item_status, "quantity": quantity, "currency": currency, "item-price": price,
        "ship-city": city, "ship-country": country, "is-business-order": "false",
    })
    return [row[column] for column in AMAZON_HEADER]


def amazon_report():
    return [
        AMAZON_HEADER,
        amazon_row("302-1234567-1234567", "2026-03-14T08:04:21+00:00", "Shipped", "Amazon", "Amazon.de", "WIG-18-BLK",
                   "Shipped", "2", "EUR", "59.98", "Berlin", "DE"),
        amazon_row("302-1234567-1234567", "2026-03-14T08:04:21+00:00", "Shipped", "Amazon", "Amazon.de", "WIG-22-BRN",
                   "Shipped", "1", "EUR", "34.50", "Berlin", "DE"),
        amazon_row("114-7654321-7654321", "2026-03-15T19:30:00-07:00", "Shipped", "Merchant", "Amazon.com",
                   "WIG-18-BLK", "Shipped", "3", "USD", "100.00", "Austin", "US"),
        amazon_row("114-0000000-0000001", "2026-03-16T10:00:00+00:00", "Cancelled", "Amazon", "Amazon.com",
                   "WIG-18-BLK", "Cancelled", "0", "", "", "", ""),
        amazon_row("249-1111111-2222222", "2026-03-17T02:15:00+09:00", "Pending", "Amazon", "Amazon.co.jp",
                   "WIG-22-BRN", "Unshipped", "1", "", "", "", "JP"),
        amazon_row("114-2222222-3333333", "2026-03-18T11:00:00+00:00", "Shipped", "Amazon", "Non-Amazon", "WIG-22-BRN",
                   "Shipped", "1", "USD", "30.00", "Dallas", "US"),
    ]


def test_an_amazon_all_orders_report_maps_onto_order_lines(session):
    enterprise_id, _ = add_enterprise(session, 1)
    black = add_product(session, enterprise_id, "WIG-18-BLK")
    brown = add_product(session, enterprise_id, "WIG-22-BRN")

    report = import_rows(session, "order_lines", amazon_report(), filename="All Orders.txt", delimiter="\t",
                         actor=enterprise_member(enterprise_id))

    assert report.ok, report.errors
    assert report.format == "amazon"
    assert (report.total_rows, report.created, report.ignored) == (6, 3, 3)
    lines = session.execute(select(
        OrderLine.source, OrderLine.external_ref, OrderLine.product_id, OrderLine.order_date, OrderLine.channel,
        OrderLine.country, OrderLine.units, OrderLine.unit_price, OrderLine.currency, OrderLine.customs_mode,
    ).order_by(OrderLine.external_ref)).all()
    assert [(*line[:7], Decimal(line[7]), *line[8:]) for line in lines] == [
        ("amazon", f"{enterprise_id}/114-7654321-7654321/WIG-18-BLK", black, date(2026, 3, 15), "amazon", "US", 3,
         Decimal("33.3333"), "USD", "9610"),
        ("amazon", f"{enterprise_id}/302-1234567-1234567/WIG-18-BLK", black, date(2026, 3, 14), "amazon", "DE", 2,
         Decimal("29.99"), "EUR", "9810"),
        ("amazon", f"{enterprise_id}/302-1234567-1234567/WIG-22-BRN", brown, date(2026, 3, 14), "amazon", "DE", 1,
         Decimal("34.50"), "EUR", "9810"),
    ]
    again = import_rows(session, "order_lines", amazon_report(), filename="All Orders.txt", delimiter="\t",
                        actor=enterprise_member(enterprise_id))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_shipped_amazon_line_without_a_price_is_an_error(session):
    enterprise_id, _ = add_enterprise(session, 1)
    add_product(session, enterprise_id, "WIG-18-BLK")
    rows = amazon_report()[:2]
    rows[1][AMAZON_HEADER.index("item-price")] = ""

    report = import_rows(session, "order_lines", rows, delimiter="\t", actor=enterprise_member(enterprise_id))

    assert [(error.row, error.column) for error in report.errors] == [(2, "item-price")]


def test_a_generic_marketplace_export_maps_onto_order_lines(session):
    enterprise_id, _code = add_enterprise(session, 1)
    product_id = add_product(session, enterprise_id, "SLIDE-01", hs_code="950830")
    rows = [
        ["order_id", "order_date", "sku", "qty", "unit_price", "currency", "country", "channel", "customs_mode"],
        ["T-1001", "2026-05-02", "SLIDE-01", "1", "900.00", "USD", "US", "Temu", "9810"],
        ["T-1002", "2026/05/03", "SLIDE-01", "2", "1,250.00", "IDR", "ID", "TikTok Shop", "110"],
    ]

    report = import_rows(session, "order_lines", rows, actor=enterprise_member(enterprise_id))

    assert report.ok and report.format == "generic" and report.created == 2
    lines = session.execute(select(OrderLine.external_ref, OrderLine.product_id, OrderLine.channel, OrderLine.units,
                                   OrderLine.unit_price, OrderLine.customs_mode).order_by(OrderLine.external_ref)).all()
    assert [(ref, product, channel, units, Decimal(price), mode)
            for ref, product, channel, units, price, mode in lines] == [
        (f"{enterprise_id}/T-1001/SLIDE-01", product_id, "temu", 1, Decimal(900), "9810"),
        (f"{enterprise_id}/T-1002/SLIDE-01", product_id, "tiktok_shop", 2, Decimal(1250), "0110"),
    ]


def test_chinese_order_headers_with_a_line_total_and_an_operator_resolving_skus(session):
    enterprise_id, _code = add_enterprise(session, 1)
    add_product(session, enterprise_id, "L-1", hs_code="670490")
    rows = [["订单号", "下单日期", "货号", "数量", "金额", "币种", "国家", "渠道", "监管方式"],
            ["A1", "2026年6月1日", "L-1", "4", "10.00", "日元", "日本", "速卖通", "9610"],
            ["A2", "2026-06-02", "L-9", "1", "3", "JPY", "JP", "Walmart", "9999"]]

    report = import_rows(session, "order_lines", rows)

    assert [(error.row, error.field) for error in report.errors] == [(3, "channel"), (3, "customs_mode")]
    fixed = import_rows(session, "order_lines", rows[:2])
    assert fixed.created == 1
    line = session.scalars(select(OrderLine)).one()
    assert (line.channel, line.country, line.currency, line.units, line.unit_price) == (
        "aliexpress", "JP", "JPY", 4, Decimal("2.5"))


def test_order_lines_for_an_unknown_sku_are_refused(session):
    enterprise_id, _ = add_enterprise(session, 1)
    other_id, _ = add_enterprise(session, 2)
    add_product(session, other_id, "THEIRS")
    rows = [["order_id", "order_date", "sku", "qty", "unit_price", "currency", "country", "channel"],
            ["1", "2026-01-01", "THEIRS", "1", "5", "USD", "US", "amazon"]]

    report = import_rows(session, "order_lines", rows, actor=enterprise_member(enterprise_id))

    assert "no product with SKU 'THEIRS' in your catalogue" in report.errors[0].reason
    assert count(session, OrderLine) == 0


def test_progress_is_reported_while_checking_then_while_writing(session):
    _, code = add_enterprise(session, 1)
    rows = [PRODUCT_HEADER] + [product_row(code, f"W-{number}") for number in range(5)]
    calls = []

    import_rows(session, "products", rows, chunk_rows=2, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(2, None), (4, None), (5, None), (2, 5), (4, 5), (5, 5)]


def test_an_unreadable_file_is_one_clear_error(session):
    from io import BytesIO

    from chuhai.imports.service import run_import

    report = run_import(session, "products", BytesIO(b"\xd0\xcf\x11\xe0old excel"), filename="old.xls")

    assert not report.ok
    assert "save the sheet as .xlsx or .csv" in str(report.errors[0])


def test_the_same_product_named_with_and_without_the_enterprise_is_a_duplicate(session):
    own_id, own_code = add_enterprise(session, 1)
    rows = [PRODUCT_HEADER, product_row(own_code, "W-1"), product_row("", "W-1")]

    report = import_rows(session, "products", rows, actor=enterprise_member(own_id))

    assert [(error.row, error.field) for error in report.errors] == [(3, "sku")]
    assert "duplicate of row 2" in report.errors[0].reason


def test_an_unknown_format_is_a_validation_error(session):
    from chuhai.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="does not apply"):
        import_rows(session, "products", [PRODUCT_HEADER], fmt="amazon")


def test_enterprises_name_their_belt_by_code_or_name(session):
    from tests.factories import belt

    known = belt(session, code="jiaozhou-wigs", name_zh="胶州发制品产业带")
    rows = [["统一社会信用代码", "企业名称", "产业带"],
            [credit_code(1), "胶州一号", "胶州发制品产业带"],
            [credit_code(2), "胶州二号", "jiaozhou-wigs"],
            [credit_code(3), "不知道", "火星产业带"]]

    report = import_rows(session, "enterprises", rows, skip_bad_rows=True)

    assert report.created == 2
    assert [(error.row, error.field, error.reason) for error in report.skipped] == [
        (4, "belt", "no industrial belt is named '火星产业带'")]
    assert set(session.scalars(select(Enterprise.belt_id))) == {known.id}


def test_a_buyer_may_not_take_over_another_buyers_demand_ref(session):
    own = add_buyer(session, "B-1")
    other = add_buyer(session, "B-2")
    session.add(Demand(ref="RFQ-9", buyer_id=other, text="theirs"))
    session.flush()

    report = import_rows(session, "demands", [DEMAND_HEADER, ["RFQ-9", "", "mine now", "1", "1", "USD", "US", ""]],
                         actor=buyer_member(own))

    assert [(error.row, error.field) for error in report.errors] == [(2, "ref")]
    assert session.scalars(select(Demand.text)).one() == "theirs"


def test_an_import_that_changes_rows_raises_the_data_version_and_only_then(session, db_url):
    from chuhai.imports.repository import data_version

    enterprise_id, _code = add_enterprise(session, 1)
    add_product(session, enterprise_id, "SLIDE-01", hs_code="950830")
    header = ["order_id", "order_date", "sku", "qty", "unit_price", "currency", "country", "channel"]
    rows = [header, ["T-1", "2026-05-02", "SLIDE-01", "1", "900.00", "USD", "US", "Temu"]]
    session.commit()
    assert data_version(db_url, "order_lines") == 0

    import_rows(session, "order_lines", rows, actor=enterprise_member(enterprise_id))
    assert data_version(db_url, "order_lines") == 0  # not committed yet: other processes see the old count
    session.commit()
    assert data_version(db_url, "order_lines") == 1

    import_rows(session, "order_lines", rows, actor=enterprise_member(enterprise_id))  # unchanged
    import_rows(session, "order_lines", [header, ["T-2", "2026-05-02", "NOPE", "1", "9", "USD", "US", "Temu"]],
                actor=enterprise_member(enterprise_id))  # refused: nothing written
    session.commit()
    assert data_version(db_url, "order_lines") == 1
    assert data_version(db_url, "products") == 0
