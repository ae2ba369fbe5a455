"""Per-kind database work of an import: resolve references, check who may write what, and write.

Writes are Core bulk statements (one INSERT and one UPDATE per chunk, not one ORM object per row);
the service records one summary audit entry for the whole import. Each writer caches what it looks
up (enterprises by credit code, products by SKU), so memory grows with the catalogue, not the file.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Table

from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Certification, Enterprise, HsCodeSource, IndustrialBelt, PriceTier, Product
from chuhai.database import utcnow
from chuhai.demand.models import Buyer, Demand, OrderLine
from chuhai.imports import values as v
from chuhai.imports.records import Record, RowBuilder
from chuhai.imports.report import ImportProblem, RowError


class Writer:
    kind: ClassVar[str]
    table: ClassVar[Table]
    has_updated_at: ClassVar[bool] = False

    def __init__(self, session: Session, actor: Principal, builder: RowBuilder) -> None:
        self.session = session
        self.actor = actor
        self.builder = builder
        self.present = builder.header_map.index

    # -- pass 1 and 2: references and permissions ---------------------------------------------
    def resolve(self, records: list[Record]) -> list[RowError]:
        """Fill in foreign keys; return the rows that reference nothing or something not theirs."""
        return []

    def header_problems(self) -> list[RowError]:
        return []

    def db_key(self, record: Record) -> tuple:
        """The natural key, once references are resolved."""
        raise NotImplementedError

    # -- pass 2: writing -------------------------------------------------------------------------
    def load_existing(self, records: list[Record]) -> dict[tuple, dict[str, Any]]:
        raise NotImplementedError

    def write(self, records: list[Record]) -> tuple[int, int, int]:
        """Insert the new, update the changed; return (created, updated, unchanged)."""
        existing = self.load_existing(records)
        inserts: list[Record] = []
        updates: list[tuple[int, Record]] = []
        unchanged: list[tuple[int, Record]] = []
        for record in records:
            row = existing.get(self.db_key(record))
            if row is None:
                inserts.append(record)
            elif any(row[name] != value for name, value in record.fields.items()):
                updates.append((row["id"], record))
            else:
                unchanged.append((row["id"], record))
        if inserts:
            self.session.execute(insert(self.table), [self.insert_values(record) for record in inserts])
        if updates:
            names = list(updates[0][1].fields)
            values = {name: bindparam(f"new_{name}") for name in names}
            if self.has_updated_at:
                values["updated_at"] = bindparam("new_updated_at")
            now = utcnow()
            self.session.execute(
                update(self.table).where(self.table.c.id == bindparam("old_id")).values(values),
                [
                    {"old_id": row_id, "new_updated_at": now,
                     **{f"new_{name}": record.fields[name] for name in names}}
                    for row_id, record in updates
                ],
            )
        changed_extras = self.write_extras(inserts, updates, unchanged)
        touched = [row_id for row_id, _record in unchanged if row_id in changed_extras]
        moved = len(touched)
        if touched and self.has_updated_at:
            # New price tiers or certificates change the record: caches that watch its last change see them.
            self.session.execute(update(self.table).where(self.table.c.id.in_(touched)).values(updated_at=utcnow()))
        return len(inserts), len(updates) + moved, len(unchanged) - moved

    def insert_values(self, record: Record) -> dict[str, Any]:
        return dict(record.fields)

    def write_extras(self, inserts: list[Record], updates: list[tuple[int, Record]],
                     unchanged: list[tuple[int, Record]]) -> set[int]:
        """Child rows (price tiers, certifications); returns ids of unchanged rows whose children changed."""
        return set()

    def _ids_of(self, records: list[Record]) -> dict[tuple, int]:
        return {key: row["id"] for key, row in self.load_existing(records).items()}


class EnterpriseWriter(Writer):
    kind = "enterprises"
    table = Enterprise.__table__
    has_updated_at = True

    def __init__(self, session: Session, actor: Principal, builder: RowBuilder) -> None:
        super().__init__(session, actor, builder)
        self._belts: dict[str, int] | None = None

    def _belt_ids(self) -> dict[str, int]:
        if self._belts is None:
            self._belts = {}
            for belt in self.session.execute(select(IndustrialBelt.id, IndustrialBelt.code,
                                                    IndustrialBelt.name_zh, IndustrialBelt.name_en)):
                for name in (belt.code, belt.name_zh, belt.name_en):
                    self._belts[v.fold(name)] = belt.id
        return self._belts

    def resolve(self, records: list[Record]) -> list[RowError]:
        errors = []
        for record in records:
            if "belt" not in record.refs:
                continue
            belt = record.refs["belt"]
            if belt is None:
                record.fields["belt_id"] = None
                continue
            belt_id = self._belt_ids().get(v.fold(belt))
            if belt_id is None:
                errors.append(self.builder.error(
                    record.row, "belt", ImportProblem("no industrial belt is named %(belt)s", belt=repr(belt))))
            record.fields["belt_id"] = belt_id
        return errors

    def db_key(self, record: Record) -> tuple:
        return (record.fields["credit_code"],)

    def load_existing(self, records: list[Record]) -> dict[tuple, dict[str, Any]]:
        codes = [record.fields["credit_code"] for record in records]
        rows = self.session.execute(select(self.table).where(self.table.c.credit_code.in_(codes))).mappings()
        return {(row["credit_code"],): dict(row) for row in rows}

    def write_extras(self, inserts, updates, unchanged) -> set[int]:
        if "certifications" not in self.present:
            return set()
        records = inserts + [record for _id, record in updates + unchanged]
        ids = self._ids_of(records)
        wanted = {ids[self.db_key(record)]: dict(record.extra["certifications"]) for record in records}
        have: dict[int, dict[str, tuple[int, Any]]] = defaultdict(dict)
        table = Certification.__table__
        for row in self.session.execute(
            select(table.c.id, table.c.enterprise_id, table.c.name, table.c.valid_until)
            .where(table.c.enterprise_id.in_(list(wanted)))
        ):
            have[row.enterprise_id][row.name] = (row.id, row.valid_until)
        changed: set[int] = set()
        new_rows, gone, moved = [], [], []
        for enterprise_id, certificates in wanted.items():
            current = have.get(enterprise_id, {})
            for name, until in certificates.items():
                if name not in current:
                    new_rows.append({"enterprise_id": enterprise_id, "name": name, "valid_until": until})
                elif current[name][1] != until:
                    moved.append({"cert_id": current[name][0], "until": until})
                else:
                    continue
                changed.add(enterprise_id)
            for name, (cert_id, _until) in current.items():
                if name not in certificates:
                    gone.append(cert_id)
                    changed.add(enterprise_id)
        if gone:
            self.session.execute(delete(table).where(table.c.id.in_(gone)))
        if moved:
            self.session.execute(
                update(table).where(table.c.id == bindparam("cert_id")).values(valid_until=bindparam("until")),
                moved,
            )
        if new_rows:
            self.session.execute(insert(table), new_rows)
        return changed


class ProductWriter(Writer):
    kind = "products"
    table = Product.__table__
    has_updated_at = True

    def __init__(self, session: Session, actor: Principal, builder: RowBuilder) -> None:
        super().__init__(session, actor, builder)
        self.enterprises = EnterpriseLookup(session)

    def header_problems(self) -> list[RowError]:
        if self.actor.enterprise_id is None and "enterprise" not in self.present:
            return [RowError.of(1, "enterprise", ImportProblem(
                "an operator's product file needs the column enterprise (统一社会信用代码, the credit code of the "
                "enterprise each product belongs to); or import as that enterprise (--as-enterprise)"), "enterprise")]
        return []

    def resolve(self, records: list[Record]) -> list[RowError]:
        errors = []
        self.enterprises.load(record.refs.get("enterprise") for record in records)
        for record in records:
            enterprise_id, problem = self.enterprises.owner(record.refs.get("enterprise"), self.actor, "products")
            if problem:
                errors.append(self.builder.error(record.row, "enterprise", problem))
            record.fields["enterprise_id"] = enterprise_id
        return errors

    def db_key(self, record: Record) -> tuple:
        return (record.fields["enterprise_id"], record.fields["sku"])

    def load_existing(self, records: list[Record]) -> dict[tuple, dict[str, Any]]:
        enterprise_ids = {record.fields["enterprise_id"] for record in records}
        skus = {record.fields["sku"] for record in records}
        rows = self.session.execute(
            select(self.table).where(self.table.c.enterprise_id.in_(enterprise_ids), self.table.c.sku.in_(skus))
        ).mappings()
        return {(row["enterprise_id"], row["sku"]): dict(row) for row in rows}

    def write(self, records: list[Record]) -> tuple[int, int, int]:
        """As every writer, and an HS code that a file brings or changes is imported: no evidence for HS
        suggestions until the enterprise saves the product (catalog.models.HsCodeSource)."""
        before = {key: row["hs_code"] for key, row in self.load_existing(records).items()}
        counts = super().write(records)
        # new rows are imported by the column's default; an existing product is only when its code changes
        changed = [record for record in records if self.db_key(record) in before
                   and before[self.db_key(record)] != record.fields.get("hs_code", before[self.db_key(record)])]
        if changed:
            ids = list(self._ids_of(changed).values())
            self.session.execute(update(self.table).where(self.table.c.id.in_(ids))
                                 .values(hs_code_source=HsCodeSource.IMPORTED.value))
        return counts

    def write_extras(self, inserts, updates, unchanged) -> set[int]:
        records = [record for record in inserts + [r for _id, r in updates + unchanged] if "tiers" in record.extra]
        if not records:
            return set()
        ids = self._ids_of(records)
        wanted = {ids[self.db_key(record)]: set(record.extra["tiers"]) for record in records}
        table = PriceTier.__table__
        have: dict[int, set] = defaultdict(set)
        for row in self.session.execute(
            select(table.c.product_id, table.c.min_quantity, table.c.unit_price, table.c.currency)
            .where(table.c.product_id.in_(list(wanted)))
        ):
            have[row.product_id].add((row.min_quantity, row.unit_price, row.currency))
        changed = {product_id for product_id, tiers in wanted.items() if tiers != have.get(product_id, set())}
        if changed:
            self.session.execute(delete(table).where(table.c.product_id.in_(list(changed))))
            rows = [
                {"product_id": product_id, "min_quantity": minimum, "unit_price": price, "currency": currency}
                for product_id in changed
                for minimum, price, currency in sorted(wanted[product_id])
            ]
            if rows:
                self.session.execute(insert(table), rows)
        return changed


class BuyerWriter(Writer):
    kind = "buyers"
    table = Buyer.__table__

    def db_key(self, record: Record) -> tuple:
        return (record.fields["key"],)

    def load_existing(self, records: list[Record]) -> dict[tuple, dict[str, Any]]:
        keys = [record.fields["key"] for record in records]
        rows = self.session.execute(select(self.table).where(self.table.c.key.in_(keys))).mappings()
        return {(row["key"],): dict(row) for row in rows}


class DemandWriter(Writer):
    kind = "demands"
    table = Demand.__table__
    has_updated_at = True

    def __init__(self, session: Session, actor: Principal, builder: RowBuilder) -> None:
        super().__init__(session, actor, builder)
        self._buyers: dict[str, int | None] = {}
        self._own_key: str | None = None
        if actor.buyer_id is not None:
            self._own_key = session.scalar(select(Buyer.key).where(Buyer.id == actor.buyer_id))

    def header_problems(self) -> list[RowError]:
        if self.actor.buyer_id is None and "buyer" not in self.present:
            return [RowError.of(1, "buyer", ImportProblem(
                "an operator's demand file needs the column buyer (买家编号, the key of the buyer each demand "
                "belongs to)"), "buyer")]
        return []

    def resolve(self, records: list[Record]) -> list[RowError]:
        errors = []
        wanted = {record.refs["buyer"] for record in records if record.refs.get("buyer")} - set(self._buyers)
        if wanted:
            found = dict(self.session.execute(select(Buyer.key, Buyer.id).where(Buyer.key.in_(wanted))).all())
            self._buyers.update({key: found.get(key) for key in wanted})
        refs = [record.fields["ref"] for record in records]
        owners = dict(self.session.execute(
            select(Demand.ref, Demand.buyer_id).where(Demand.ref.in_(refs))
        ).all())
        for record in records:
            key = record.refs.get("buyer")
            if self.actor.buyer_id is not None:
                if key is not None and key != self._own_key:
                    errors.append(self.builder.error(record.row, "buyer", ImportProblem(
                        "you may import only your own demands, not buyer %(key)s's", key=key)))
                    continue
                buyer_id = self.actor.buyer_id
                owner = owners.get(record.fields["ref"])
                if owner is not None and owner != buyer_id:
                    errors.append(self.builder.error(record.row, "ref", ImportProblem(
                        "demand %(ref)s belongs to another buyer; use another ref", ref=record.fields["ref"])))
                    continue
            elif key is None:
                errors.append(self.builder.error(record.row, "buyer", ImportProblem("is required")))
                continue
            else:
                buyer_id = self._buyers.get(key)
                if buyer_id is None:
                    errors.append(self.builder.error(record.row, "buyer", ImportProblem(
                        "no buyer has the key %(key)s; import the buyers first", key=repr(key))))
                    continue
            record.fields["buyer_id"] = buyer_id
        return errors

    def db_key(self, record: Record) -> tuple:
        return (record.fields["ref"],)

    def load_existing(self, records: list[Record]) -> dict[tuple, dict[str, Any]]:
        refs = [record.fields["ref"] for record in records]
        rows = self.session.execute(select(self.table).where(self.table.c.ref.in_(refs))).mappings()
        return {(row["ref"],): dict(row) for row in rows}


class OrderLineWriter(Writer):
    kind = "order_lines"
    table = OrderLine.__table__

    def __init__(self, session: Session, actor: Principal, builder: RowBuilder) -> None:
        super().__init__(session, actor, builder)
        self.enterprises = EnterpriseLookup(session)
        # SKU → [(enterprise id, product id)]: a SKU is unique only within one enterprise.
        self._products: dict[str, list[tuple[int, int]]] = {}

    def _load_products(self, skus: set[str]) -> None:
        wanted = skus - set(self._products)
        if not wanted:
            return
        query = select(Product.sku, Product.enterprise_id, Product.id).where(Product.sku.in_(wanted))
        if self.actor.enterprise_id is not None:
            query = query.where(Product.enterprise_id == self.actor.enterprise_id)
        for sku in wanted:
            self._products[sku] = []
        for sku, enterprise_id, product_id in self.session.execute(query):
            self._products[sku].append((enterprise_id, product_id))

    def resolve(self, records: list[Record]) -> list[RowError]:
        errors = []
        self.enterprises.load(record.refs.get("enterprise") for record in records)
        self._load_products({record.refs["sku"] for record in records})
        for record in records:
            code = record.refs.get("enterprise")
            sku = record.refs["sku"]
            enterprise_id = None
            if code is not None or self.actor.enterprise_id is not None:
                enterprise_id, problem = self.enterprises.owner(code, self.actor, "order_lines")
                if problem:
                    errors.append(self.builder.error(record.row, "enterprise", problem))
                    continue
            candidates = self._products.get(sku, [])
            if enterprise_id is not None:
                candidates = [candidate for candidate in candidates if candidate[0] == enterprise_id]
            if not candidates:
                errors.append(self.builder.error(record.row, "sku", self._no_product(sku, code)))
                continue
            if len(candidates) > 1:
                errors.append(self.builder.error(record.row, "sku", ImportProblem(
                    "SKU %(sku)s exists in %(count)s enterprises; add the column enterprise (统一社会信用代码) to say "
                    "whose it is", sku=repr(sku), count=len(candidates))))
                continue
            enterprise_id, product_id = candidates[0]
            external_ref = f"{enterprise_id}/{record.refs['line_ref']}"
            if len(external_ref) > 100:
                errors.append(self.builder.error(record.row, "order_id", ImportProblem(
                    "the order id and SKU together are longer than 100 characters")))
                continue
            record.fields["product_id"] = product_id
            record.fields["external_ref"] = external_ref
        return errors

    def _no_product(self, sku: str, code: str | None) -> ImportProblem:
        if self.actor.enterprise_id is not None:
            return ImportProblem("no product with SKU %(sku)s in your catalogue; import the products first",
                                 sku=repr(sku))
        if code:
            return ImportProblem("no product with SKU %(sku)s in the catalogue of enterprise %(code)s; import the "
                                 "products first", sku=repr(sku), code=code)
        return ImportProblem("no product with SKU %(sku)s in any enterprise's catalogue; import the products first",
                             sku=repr(sku))

    def db_key(self, record: Record) -> tuple:
        return (record.fields["source"], record.fields["external_ref"])

    def load_existing(self, records: list[Record]) -> dict[tuple, dict[str, Any]]:
        source = records[0].fields["source"]
        refs = [record.fields["external_ref"] for record in records]
        rows = self.session.execute(
            select(self.table).where(self.table.c.source == source, self.table.c.external_ref.in_(refs))
        ).mappings()
        return {(row["source"], row["external_ref"]): dict(row) for row in rows}


class EnterpriseLookup:
    """Credit code → enterprise id, and whether the actor may write for that enterprise."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._ids: dict[str, int | None] = {}

    def load(self, codes) -> None:
        wanted = {code for code in codes if code} - set(self._ids)
        if wanted:
            found = dict(self.session.execute(
                select(Enterprise.credit_code, Enterprise.id).where(Enterprise.credit_code.in_(wanted))
            ).all())
            self._ids.update({code: found.get(code) for code in wanted})

    def owner(self, code: str | None, actor: Principal, kind: str) -> tuple[int | None, ImportProblem | None]:
        """The enterprise a row of `kind` (products, order_lines) belongs to, or why the actor may not write it."""
        if code is None:
            if actor.enterprise_id is not None:
                return actor.enterprise_id, None
            return None, ImportProblem("is required (the credit code of the enterprise)")
        enterprise_id = self._ids.get(code)
        if actor.enterprise_id is not None and enterprise_id != actor.enterprise_id:
            if kind == "products":
                return None, ImportProblem("you may import products only for your own enterprise, not for %(code)s",
                                           code=code)
            return None, ImportProblem("you may import order lines only for your own enterprise, not for %(code)s",
                                       code=code)
        if enterprise_id is None:
            return None, ImportProblem("no enterprise has the credit code %(code)s; import the enterprise first",
                                       code=code)
        return enterprise_id, None


WRITERS: dict[str, type[Writer]] = {
    writer.kind: writer
    for writer in (EnterpriseWriter, ProductWriter, BuyerWriter, DemandWriter, OrderLineWriter)
}
