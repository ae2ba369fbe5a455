"""Factories: build valid records with sensible defaults; each call makes a distinct one."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from chuhai.accounts.models import User
from chuhai.accounts.passwords import hash_password
from chuhai.catalog.credit_code import check_character
from chuhai.catalog.models import Certification, Enterprise, IndustrialBelt, PriceTier, Product
from chuhai.demand.models import Buyer, Demand

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = hash_password(PASSWORD)


def credit_code(n: int | None = None) -> str:
    n = next(_counter) if n is None else n
    first17 = f"91370281{n:09d}"
    return first17 + check_character(first17)


def belt(session: Session, **fields) -> IndustrialBelt:
    n = next(_counter)
    record = IndustrialBelt(code=fields.pop("code", f"belt-{n}"), name_zh=fields.pop("name_zh", f"测试产业带{n}"),
                            name_en=fields.pop("name_en", f"Test belt {n}"), province="山东", city="青岛",
                            categories=fields.pop("categories", ["wigs"]), **fields)
    session.add(record)
    session.flush()
    return record


def enterprise(session: Session, *, certifications: list[str] = (), **fields) -> Enterprise:
    n = next(_counter)
    record = Enterprise(
        credit_code=fields.pop("credit_code", credit_code(n)),
        name_zh=fields.pop("name_zh", f"青岛测试发制品有限公司{n}"),
        name_en=fields.pop("name_en", f"Qingdao Test Hair Products Co., Ltd. {n}"),
        verification_status=fields.pop("verification_status", "verified"),
        contact_name=fields.pop("contact_name", "王经理"),
        contact_email=fields.pop("contact_email", f"sales{n}@example.cn"),
        contact_phone=fields.pop("contact_phone", "+86 532 8888 0000"),
        monthly_capacity=fields.pop("monthly_capacity", 5000),
        **fields,
    )
    record.certifications = [Certification(name=name, valid_until=date.today() + timedelta(days=365))
                             for name in certifications]
    session.add(record)
    session.flush()
    return record


def product(session: Session, enterprise_record: Enterprise | None = None, **fields) -> Product:
    n = next(_counter)
    enterprise_record = enterprise_record or enterprise(session)
    tiers = fields.pop("price_tiers", [(10, Decimal("45.00")), (100, Decimal("39.50"))])
    record = Product(
        enterprise_id=enterprise_record.id, sku=fields.pop("sku", f"SKU-{n}"),
        title_zh=fields.pop("title_zh", "13x4 蕾丝前头套 真人发 身体波浪"),
        title_en=fields.pop("title_en", "13x4 Lace Front Wig Human Hair Body Wave"),
        category=fields.pop("category", "wigs"), hs_code=fields.pop("hs_code", "670420"),
        moq=fields.pop("moq", 10), lead_time_days=fields.pop("lead_time_days", 15), **fields,
    )
    record.price_tiers = [PriceTier(min_quantity=q, unit_price=p, currency="USD") for q, p in tiers]
    session.add(record)
    session.flush()
    return record


def buyer(session: Session, **fields) -> Buyer:
    n = next(_counter)
    record = Buyer(key=fields.pop("key", f"B-T{n}"), company=fields.pop("company", f"Ohio Beauty Supply {n}"),
                   country=fields.pop("country", "US"), kind=fields.pop("kind", "salon"),
                   contact_name=fields.pop("contact_name", "Jane Doe"),
                   contact_email=fields.pop("contact_email", f"jane{n}@example.com"), **fields)
    session.add(record)
    session.flush()
    return record


def demand(session: Session, buyer_record: Buyer | None = None, **fields) -> Demand:
    n = next(_counter)
    buyer_record = buyer_record or buyer(session)
    record = Demand(ref=fields.pop("ref", f"D-T{n}"), buyer_id=buyer_record.id,
                    text=fields.pop("text", "500 pcs 13x4 HD lace front wigs, human hair, body wave"),
                    quantity=fields.pop("quantity", 500), category=fields.pop("category", "wigs"),
                    destination_country=fields.pop("destination_country", buyer_record.country), **fields)
    session.add(record)
    session.flush()
    return record


def user(session: Session, role: str = "operator", *, status: str = "active", **links) -> User:
    n = next(_counter)
    record = User(email=links.pop("email", f"{role}{n}@example.com"),
                  display_name=links.pop("display_name", f"{role} {n}"),
                  password_hash=_PASSWORD_HASH, role=role, status=status, **links)
    session.add(record)
    session.flush()
    return record
