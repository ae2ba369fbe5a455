"""The columns each import understands: canonical names, their English and Chinese header aliases,
and how a spreadsheet's header row is mapped onto them.

Header matching ignores case, spaces, `-`, `_`, a trailing `*` (templates mark required columns so)
and full-width punctuation, so "Item Price", "item-price" and "ITEM_PRICE" are the same header.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chuhai.catalog.categories import CATEGORIES, category_names
from chuhai.i18n import N_
from chuhai.imports import values as v
from chuhai.imports.report import ImportProblem

KINDS = ("enterprises", "products", "buyers", "demands", "order_lines")
ORDER_FORMATS = ("amazon", "generic")


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...]
    parse: Callable[[str], Any]
    required: bool = False


@dataclass(frozen=True)
class Layout:
    kind: str
    format: str
    columns: tuple[Column, ...]
    # Alternatives where one of several columns must be present (e.g. unit_price or line_total).
    one_of: tuple[tuple[str, ...], ...] = ()
    by_alias: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for column in self.columns:
            for alias in (column.name, *column.aliases):
                key = header_key(alias)
                owner = self.by_alias.setdefault(key, column.name)
                if owner != column.name:
                    raise ValueError(f"{self.kind}/{self.format}: header {alias!r} maps to {owner} and {column.name}")

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]


def header_key(header: str) -> str:
    key = unicodedata.normalize("NFKC", header).casefold().strip().rstrip("*").strip()
    for char in " \t-_\u3000":
        key = key.replace(char, "")
    return key


def _text(limit: int) -> Callable[[str], str]:
    return lambda value: v.text(value, limit)


def _int(minimum: int = 0) -> Callable[[str], int]:
    return lambda value: v.integer(value, minimum=minimum)


ENTERPRISE_KINDS = v.aliases({
    "manufacturer": ("生产企业", "制造商", "工厂", "生产商", "factory"),
    "trading": ("贸易公司", "外贸公司", "贸易商", "trading company", "trader"),
    "provider": ("服务商", "service provider"),
})
BUYER_KINDS = v.aliases({
    "importer": ("进口商",),
    "distributor": ("分销商", "经销商", "批发商", "wholesaler"),
    "retailer": ("零售商",),
    "salon": ("沙龙", "美发沙龙", "salon owner"),
    "platform_seller": ("平台卖家", "platform seller", "marketplace seller", "跨境卖家"),
})
DEMAND_STATUSES = v.aliases({
    "open": ("开放", "进行中", "待匹配"),
    "matched": ("已匹配",),
    "closed": ("已关闭", "关闭"),
})
# The reasons `v.choice` gives for a value that is none of the options (message ids; see imports.report).
_NOT_AN_ENTERPRISE_KIND = N_("%(value)s is not a kind of enterprise; use one of %(codes)s")
_NOT_A_BUYER_KIND = N_("%(value)s is not a kind of buyer; use one of %(codes)s")
_NOT_A_DEMAND_STATUS = N_("%(value)s is not a demand status; use one of %(codes)s")


def category(value: str) -> str:
    """A product category code; the Chinese and English names of the known ones work too."""
    options = v.aliases({code: category_names(code) for code in CATEGORIES})
    found = options.get(v.fold(value))
    if found:
        return found
    slug = value.strip().lower().replace(" ", "_").replace("-", "_")
    if slug.isascii() and slug.replace("_", "").isalnum() and len(slug) <= 32:
        return slug
    raise v.BadValue("%(value)s is not a category code; use one of %(codes)s or a short English code",
                     value=repr(value), codes=", ".join(CATEGORIES))


def _countries(value: str) -> list[str]:
    return sorted({v.country(item) for item in v.split_list(value)})


def _channels(value: str) -> list[str]:
    return sorted({v.channel(item) for item in v.split_list(value)})


def _names(value: str) -> list[str]:
    return sorted({v.text(item, 50) for item in v.split_list(value)})


ENTERPRISE_REF = Column(
    "enterprise",
    ("enterprise_credit_code", "credit_code", "统一社会信用代码", "企业信用代码", "信用代码", "企业", "supplier"),
    v.credit_code,
)

ENTERPRISES = Layout("enterprises", "standard", (
    Column("credit_code", ("统一社会信用代码", "信用代码", "uscc", "unified social credit code"), v.credit_code, True),
    Column("name_zh", ("企业名称", "中文名称", "公司名称", "名称", "name", "company"), _text(200), True),
    Column("name_en", ("英文名称", "english name", "company name (en)"), _text(250)),
    Column("kind", ("企业类型", "类型", "type"),
           lambda value: v.choice(value, ENTERPRISE_KINDS, _NOT_AN_ENTERPRISE_KIND)),
    Column("belt", ("产业带", "industrial belt", "belt_code"), _text(150)),
    Column("capabilities", ("能力", "主营", "生产能力", "主营业务"), _names),
    Column("certifications", ("认证", "资质认证", "资质"), v.certifications),
    Column("monthly_capacity", ("月产能", "capacity", "monthly capacity (units)"), _int()),
    Column("export_markets", ("出口市场", "主要市场", "markets"), _countries),
    Column("export_channels", ("出口渠道", "销售渠道", "channels"), _channels),
    Column("website", ("网站", "官网", "url"), _text(300)),
    Column("description_zh", ("中文简介", "简介", "企业简介"), _text(20000)),
    Column("description_en", ("英文简介", "description"), _text(20000)),
    Column("contact_name", ("联系人", "contact"), _text(100)),
    Column("contact_phone", ("联系电话", "电话", "手机", "phone"), _text(50)),
    Column("contact_email", ("邮箱", "电子邮箱", "email", "e-mail"), _text(254)),
))

PRODUCTS = Layout("products", "standard", (
    ENTERPRISE_REF,
    Column("sku", ("货号", "商品编码", "商品编号", "款号", "product code", "item no", "seller sku"), _text(64), True),
    Column("title_zh", ("中文标题", "中文名称", "商品名称", "品名", "chinese title", "name_zh"), _text(300)),
    Column("title_en", ("英文标题", "英文名称", "english title", "name_en", "title"), _text(300)),
    Column("description", ("描述", "商品描述", "详情"), _text(20000)),
    Column("category", ("品类", "类目", "类别", "产品类别"), category, True),
    Column("hs_code", ("hs", "hs编码", "海关编码", "hs code", "商品hs编码", "税则号"), v.hs_code, True),
    Column("attributes", ("属性", "规格", "specs", "specifications"), v.attributes),
    Column("certifications", ("认证", "产品认证"), _names),
    Column("moq", ("起订量", "最小起订量", "min order quantity", "minimum order quantity"), _int(1)),
    Column("price", ("unit_price", "单价", "价格", "出厂价", "fob price"), v.decimal),
    Column("currency", ("币种", "货币"), v.currency),
    Column("price_tiers", ("阶梯价", "价格阶梯", "阶梯价格", "tier prices", "tiers"), v.price_tiers),
    Column("weight_kg", ("weight", "重量(kg)", "毛重", "毛重(kg)", "重量", "gross weight (kg)"), v.quantity),
    Column("length_cm", ("length", "长(cm)", "长", "长度"), v.quantity),
    Column("width_cm", ("width", "宽(cm)", "宽", "宽度"), v.quantity),
    Column("height_cm", ("height", "高(cm)", "高", "高度"), v.quantity),
    Column("dimensions_cm", ("dimensions", "尺寸", "尺寸(cm)", "包装尺寸", "长x宽x高"), v.dimensions),
    Column("lead_time_days", ("lead_time", "lead time (days)", "交期(天)", "交期", "交货期", "生产周期"), _int()),
))

BUYERS = Layout("buyers", "standard", (
    Column("key", ("buyer_key", "buyer_id", "buyer", "买家编号", "采购商编号", "客户编号"), _text(64), True),
    Column("company", ("company name", "公司", "公司名称", "采购商", "客户名称"), _text(200), True),
    Column("country", ("国家", "国家/地区", "country code"), v.country, True),
    Column("kind", ("type", "buyer_type", "类型", "采购商类型", "客户类型"),
           lambda value: v.choice(value, BUYER_KINDS, _NOT_A_BUYER_KIND), True),
    Column("language", ("语言", "lang"), v.language),
    Column("website", ("网站", "官网", "url"), _text(300)),
    Column("contact_name", ("联系人", "contact"), _text(100)),
    Column("contact_email", ("邮箱", "电子邮箱", "email", "e-mail"), _text(254)),
    Column("contact_phone", ("联系电话", "电话", "phone"), _text(50)),
))

DEMANDS = Layout("demands", "standard", (
    Column("ref", ("demand_ref", "rfq", "rfq_no", "需求编号", "询盘编号", "编号"), _text(64), True),
    Column("buyer", ("buyer_key", "买家", "买家编号", "采购商编号"), _text(64)),
    Column("text", ("demand", "description", "需求", "需求描述", "询盘内容", "内容"), _text(20000), True),
    Column("language", ("语言", "lang"), v.language),
    Column("category", ("品类", "类目", "类别"), category),
    Column("quantity", ("qty", "数量", "采购数量"), _int(1)),
    Column("target_price", ("目标价", "目标单价", "target unit price"), v.decimal),
    Column("currency", ("币种", "货币"), v.currency),
    Column("destination_country", ("country", "目的国", "国家", "destination"), v.country),
    Column("required_certifications", ("certifications", "所需认证", "认证要求"), _names),
    Column("verified_only", ("仅限认证企业", "只要认证企业"), v.boolean),
    Column("deadline", ("截止日期", "期限"), v.parse_date),
    Column("status", ("状态",), lambda value: v.choice(value, DEMAND_STATUSES, _NOT_A_DEMAND_STATUS)),
))

_ORDER_COMMON = (
    ENTERPRISE_REF,
    Column("customs_mode", ("监管方式", "贸易方式", "海关监管方式"), v.customs_mode),
    Column("notes", ("备注", "remark"), _text(2000)),
)

GENERIC_ORDERS = Layout("order_lines", "generic", (
    Column("order_id", ("order id", "order number", "order_no", "订单号", "订单编号"), _text(60), True),
    Column("line", ("line_no", "line number", "行号", "订单行号"), _text(20)),
    Column("order_date", ("date", "下单日期", "订单日期", "日期", "下单时间"), v.parse_date, True),
    Column("sku", ("seller_sku", "货号", "商品编码", "sku编码"), _text(64), True),
    Column("units", ("qty", "quantity", "数量", "件数", "销量"), _int(1), True),
    Column("unit_price", ("price", "单价", "售价"), v.decimal),
    Column("line_total", ("amount", "total", "金额", "销售额", "总价", "订单金额"), v.decimal),
    Column("currency", ("币种", "货币"), v.currency, True),
    Column("country", ("ship_country", "destination_country", "国家", "目的国", "收货国家"), v.country, True),
    Column("channel", ("platform", "marketplace", "sales channel", "渠道", "平台", "销售渠道"), v.channel, True),
    *_ORDER_COMMON,
), one_of=(("unit_price", "line_total"),))

# The "All Orders" flat file of Amazon Seller Central (tab-separated). item-price is the amount for
# the whole line (quantity × unit price); pending orders may have no price yet.
AMAZON_ORDERS = Layout("order_lines", "amazon", (
    Column("order_id", ("amazon-order-id",), _text(60), True),
    Column("order_date", ("purchase-date",), v.parse_date, True),
    Column("sku", (), _text(64), True),
    Column("units", ("quantity", "quantity-purchased"), _int(0), True),
    Column("line_total", ("item-price",), v.decimal),
    Column("currency", (), v.currency),
    Column("country", ("ship-country",), v.country),
    Column("marketplace", ("sales-channel",), _text(60)),
    Column("order_status", ("order-status",), _text(40)),
    Column("item_status", ("item-status",), _text(40)),
    Column("fulfillment", ("fulfillment-channel",), _text(20)),
    *_ORDER_COMMON,
    # These columns must be there, but a cancelled or pending order leaves their cells empty.
), one_of=(("line_total",), ("currency",), ("country",)))

LAYOUTS: dict[tuple[str, str], Layout] = {
    (layout.kind, layout.format): layout
    for layout in (ENTERPRISES, PRODUCTS, BUYERS, DEMANDS, GENERIC_ORDERS, AMAZON_ORDERS)
}


class HeaderProblem(ImportProblem):
    """A problem with the header row: `HeaderProblem("…%(name)s…", column="their header", name=…)`."""

    def __init__(self, message: str, *, column: str, **params: Any) -> None:
        super().__init__(message, **params)
        self.column = column


def formats_of(kind: str) -> tuple[str, ...]:
    return ORDER_FORMATS if kind == "order_lines" else ("standard",)


def detect_format(kind: str, header: list[str], requested: str = "auto") -> str:
    if kind not in KINDS:
        raise ImportProblem("unknown import kind %(kind)s; use one of %(kinds)s", kind=repr(kind),
                            kinds=", ".join(KINDS))
    if requested not in ("auto", *formats_of(kind)):
        if kind != "order_lines" and requested == "generic":
            return "standard"
        raise ImportProblem("format %(requested)s does not apply to %(kind)s; use auto or %(formats)s",
                            requested=repr(requested), kind=kind, formats=", ".join(formats_of(kind)))
    if requested != "auto":
        return requested
    if kind != "order_lines":
        return "standard"
    keys = {header_key(cell) for cell in header}
    return "amazon" if "amazonorderid" in keys else "generic"


@dataclass(frozen=True)
class HeaderMap:
    """Which column index holds which canonical field."""

    layout: Layout
    header: list[str]
    index: dict[str, int]
    ignored: list[str]
    problems: list[HeaderProblem]

    def present(self, name: str) -> bool:
        return name in self.index


def map_header(layout: Layout, header: list[str], mapping: Mapping[str, str] | None = None) -> HeaderMap:
    """Map a header row onto the layout; a user mapping {"their header": "field"} wins over aliases."""
    user = {header_key(theirs): field_name for theirs, field_name in (mapping or {}).items()}
    problems: list[HeaderProblem] = []
    for theirs, field_name in (mapping or {}).items():
        if field_name not in layout.names:
            problems.append(HeaderProblem(
                "the mapping sends %(theirs)s to %(field)s, which is not a %(kind)s field (%(fields)s)",
                column=theirs, theirs=repr(theirs), field=repr(field_name), kind=layout.kind,
                fields=", ".join(layout.names),
            ))
    index: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        if not cell.strip():
            continue
        key = header_key(cell)
        name = user.get(key) or layout.by_alias.get(key)
        if name is None or name not in layout.names:
            ignored.append(cell)
            continue
        if name in index:
            problems.append(HeaderProblem(
                "columns %(first)s and %(second)s both mean %(name)s; keep one",
                column=cell, first=repr(header[index[name]]), second=repr(cell), name=name,
            ))
            continue
        index[name] = position
    for column in layout.columns:
        if column.required and column.name not in index:
            problems.append(_missing(column))
    for names in layout.one_of:
        if not any(name in index for name in names):
            if len(names) == 1:
                problems.append(HeaderProblem("required column %(name)s is missing", column=names[0], name=names[0]))
            else:
                problems.append(HeaderProblem("one of the columns %(names)s is needed", column=names[0],
                                              names=" or ".join(names)))
    return HeaderMap(layout, header, index, ignored, problems)


def _missing(column: Column) -> HeaderProblem:
    """A required column is missing; the reason names up to three of its Chinese headers."""
    chinese = [alias for alias in column.aliases if not alias.isascii()]
    if chinese:
        return HeaderProblem("required column %(name)s is missing (also accepted: %(aliases)s)", column=column.name,
                             name=column.name, aliases=", ".join(chinese[:3]))
    return HeaderProblem("required column %(name)s is missing", column=column.name, name=column.name)
