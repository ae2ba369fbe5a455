"""Factories for import tests: valid credit codes, and files (CSV in any encoding and delimiter,
XLSX) built from rows written in the test itself."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chuhai.catalog.credit_code import CHARSET, check_character


def credit_code(number: int, region: str = "370281") -> str:
    """A valid 18-character unified social credit code, different for each number."""
    organisation = ""
    for _ in range(9):
        number, digit = divmod(number, len(CHARSET))
        organisation = CHARSET[digit] + organisation
    body = f"91{region}{organisation}"
    return body + check_character(body)


def csv_bytes(rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def enterprise_member(enterprise_id: int):
    from chuhai.accounts.principal import Principal
    from chuhai.types import RoleCode

    return Principal(user_id=None, role=RoleCode.ENTERPRISE, display_name="member", enterprise_id=enterprise_id)


def buyer_member(buyer_id: int):
    from chuhai.accounts.principal import Principal
    from chuhai.types import RoleCode

    return Principal(user_id=None, role=RoleCode.BUYER, display_name="buyer", buyer_id=buyer_id)


def add_enterprise(session: Session, number: int, name: str = "测试企业") -> tuple[int, str]:
    """Store an enterprise directly (not through an import); returns (id, credit code)."""
    from chuhai.catalog.models import Enterprise

    enterprise = Enterprise(credit_code=credit_code(number), name_zh=f"{name}{number}")
    session.add(enterprise)
    session.flush()
    return enterprise.id, enterprise.credit_code


def add_product(session: Session, enterprise_id: int, sku: str, hs_code: str = "670420") -> int:
    from chuhai.catalog.models import Product

    product = Product(enterprise_id=enterprise_id, sku=sku, title_en=sku, category="wigs", hs_code=hs_code)
    session.add(product)
    session.flush()
    return product.id


def add_buyer(session: Session, key: str, country: str = "US") -> int:
    from chuhai.demand.models import Buyer

    buyer = Buyer(key=key, company=f"{key} Ltd", country=country, kind="importer")
    session.add(buyer)
    session.flush()
    return buyer.id


def import_rows(session: Session, kind: str, rows: list[list[object]], *, filename: str = "upload.csv",
                encoding: str = "utf-8", delimiter: str = ",", **options):
    """Run an import of a file built from `rows` (the first is the header)."""
    from chuhai.imports.service import run_import

    data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows, encoding=encoding, delimiter=delimiter)
    return run_import(session, kind, io.BytesIO(data), filename=filename, **options)
