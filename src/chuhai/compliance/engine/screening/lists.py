"""Restricted-party list files, the format told from the content:

- **US Consolidated Screening List** (CSV as downloaded from trade.gov): a header with `_id`, `source`,
  `entity_number`, `type`, `programs`, `name`, …, `addresses`, …, `alt_names`, `citizenships`, `nationalities`;
  lists in a cell are separated by `; `; an address's country is its last comma-separated part.
- **UN Security Council consolidated list** (XML): `CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL` (`DATAID`,
  `FIRST_NAME`…`FOURTH_NAME`, `REFERENCE_NUMBER`, `LISTED_ON`, `NAME_ORIGINAL_SCRIPT`, `NATIONALITY/VALUE`,
  `INDIVIDUAL_ALIAS/ALIAS_NAME`, `INDIVIDUAL_ADDRESS/COUNTRY`) and `ENTITIES/ENTITY` (`FIRST_NAME`,
  `ENTITY_ALIAS/ALIAS_NAME`, `ENTITY_ADDRESS/COUNTRY`).
- **Simple CSV** for lists published only as text (MOFCOM's 出口管制管控名单, 不可靠实体清单): header
  `name,aliases,country,list,reference,date` (`list name` is accepted for `list`); aliases separated by `;`.

A malformed file raises `ListFormatError` with a code, the line (1-based) and parameters.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import ClassVar

UN_LIST = "UN Security Council Consolidated List"
MAX_FIELD = 100_000


@dataclass(frozen=True, slots=True)
class Entry:
    list_name: str
    entry_id: str
    name: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()   # ISO 3166 alpha-2 where known
    kind: str = "entity"              # entity | individual | vessel | aircraft
    reference: str = ""
    listed_on: str = ""
    programs: tuple[str, ...] = field(default=())


class ListFormatError(ValueError):
    """`code`: unknown_format | bad_xml | bad_csv | wrong_columns | missing_name | missing_columns; `line` 1-based."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "unknown_format": "line %(line)s: not a known list format (US CSL CSV, UN XML or name,aliases,country,list,"
                          "reference,date CSV)",
        "bad_xml": "line %(line)s: malformed XML (%(detail)s)",
        "bad_csv": "line %(line)s: malformed CSV (%(detail)s)",
        "wrong_columns": "line %(line)s: %(found)s columns where the header has %(expected)s",
        "missing_name": "line %(line)s: the entry has no name",
        "missing_columns": "line %(line)s: the header lacks %(columns)s",
        "not_utf8": "line %(line)s: not UTF-8 text",
    }

    def __init__(self, code: str, line: int, **params: object) -> None:
        self.code, self.line, self.params = code, line, {"line": line, **params}
        super().__init__(self.MESSAGES[code] % self.params)


# Country names in the lists (UN XML, CSL addresses) to ISO 2; an ISO 2 code passes through.
COUNTRY_NAMES = {
    "russian federation": "RU", "russia": "RU", "china": "CN", "people's republic of china": "CN",
    "hong kong": "HK", "iran": "IR", "iran (islamic republic of)": "IR", "democratic people's republic of korea": "KP",
    "north korea": "KP", "korea, north": "KP", "republic of korea": "KR", "syria": "SY", "syrian arab republic": "SY",
    "belarus": "BY", "kazakhstan": "KZ", "kyrgyzstan": "KG", "uzbekistan": "UZ", "tajikistan": "TJ",
    "turkmenistan": "TM", "armenia": "AM", "azerbaijan": "AZ", "georgia": "GE", "turkey": "TR", "turkiye": "TR",
    "united arab emirates": "AE", "uae": "AE", "iraq": "IQ", "afghanistan": "AF", "pakistan": "PK", "india": "IN",
    "yemen": "YE", "libya": "LY", "sudan": "SD", "somalia": "SO", "lebanon": "LB", "mali": "ML",
    "united states": "US", "united kingdom": "GB", "germany": "DE", "france": "FR", "cyprus": "CY",
    "singapore": "SG", "malaysia": "MY", "thailand": "TH", "viet nam": "VN", "vietnam": "VN", "indonesia": "ID",
    "mongolia": "MN", "ukraine": "UA", "venezuela": "VE", "cuba": "CU", "myanmar": "MM", "taiwan": "TW",
    "saudi arabia": "SA", "brazil": "BR", "japan": "JP", "canada": "CA", "australia": "AU",
}


def country_code(value: str) -> str | None:
    v = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", v):
        return v.upper()
    return COUNTRY_NAMES.get(v.lower())


def _split(cell: str | None, seps: str = r";|；|\|") -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(p.strip() for p in re.split(seps, cell) if p.strip())


def _uniq(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListFormatError("not_utf8", data[:exc.start].count(b"\n") + 1) from None


def parse_list(data: bytes) -> tuple[str, list[Entry]]:
    """(format, entries) where format is `us_csl`, `un_xml` or `simple_csv`."""
    text = _text(data)
    head = text.lstrip()[:200]
    if head.startswith("<"):
        return "un_xml", parse_un_xml(text)
    first = text.split("\n", 1)[0].lower()
    if "entity_number" in first and "alt_names" in first:
        return "us_csl", parse_csl(text)
    if "name" in first and "aliases" in first:
        return "simple_csv", parse_simple(text)
    raise ListFormatError("unknown_format", 1)


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    try:
        line = 1
        for row in reader:
            if not header:
                header = [c.strip().lower() for c in row]
            elif any(c.strip() for c in row):
                if len(row) != len(header):
                    raise ListFormatError("wrong_columns", line, found=len(row), expected=len(header))
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ListFormatError("bad_csv", reader.line_num or 1, detail=str(exc)) from None
    return header, rows


def parse_csl(text: str) -> list[Entry]:
    header, rows = _rows(text)
    need = [c for c in ("_id", "source", "name", "alt_names") if c not in header]
    if need:
        raise ListFormatError("missing_columns", 1, columns=", ".join(need))
    col = {c: i for i, c in enumerate(header)}

    def get(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None else ""

    entries = []
    for line, row in rows:
        name = get(row, "name")
        if not name:
            raise ListFormatError("missing_name", line)
        countries = [country_code(a.rsplit(",", 1)[-1]) or "" for a in _split(get(row, "addresses"), r";")]
        countries += [country_code(c) or "" for c in _split(get(row, "citizenships"), r";|,")]
        countries += [country_code(c) or "" for c in _split(get(row, "nationalities"), r";|,")]
        entries.append(Entry(
            list_name=get(row, "source") or "US CSL",
            entry_id=get(row, "_id") or get(row, "entity_number") or str(line),
            name=name, aliases=_uniq(list(_split(get(row, "alt_names"), r";"))), countries=_uniq(countries),
            kind=(get(row, "type") or "entity").lower(), reference=get(row, "entity_number"),
            listed_on=get(row, "start_date"), programs=_split(get(row, "programs"), r";")))
    return entries


def parse_simple(text: str) -> list[Entry]:
    header, rows = _rows(text)
    header = ["list" if c in ("list name", "list_name") else c for c in header]
    need = [c for c in ("name", "aliases", "country", "list", "reference", "date") if c not in header]
    if need:
        raise ListFormatError("missing_columns", 1, columns=", ".join(need))
    col = {c: i for i, c in enumerate(header)}
    entries = []
    for line, row in rows:
        def get(name: str, row: list[str] = row) -> str:
            return row[col[name]].strip()
        if not get("name"):
            raise ListFormatError("missing_name", line)
        entries.append(Entry(
            list_name=get("list") or "list", entry_id=get("reference") or f"line-{line}", name=get("name"),
            aliases=_split(get("aliases")),
            countries=_uniq([country_code(c) or "" for c in _split(get("country"), r";|,|、")]),
            reference=get("reference"), listed_on=get("date")))
    return entries


def parse_un_xml(text: str) -> list[Entry]:
    if "<!DOCTYPE" in text[:2000] or "<!ENTITY" in text:
        raise ListFormatError("bad_xml", text[:text.find("<!")].count("\n") + 1, detail="DTDs are not accepted")
    lines: dict[int, int] = {}
    parser = ET.XMLPullParser(events=("start",))
    root = None
    elements = []
    try:
        for number, chunk in enumerate(text.splitlines(keepends=True), start=1):
            parser.feed(chunk)
            for _event, el in parser.read_events():
                if root is None:
                    root = el
                if el.tag in ("INDIVIDUAL", "ENTITY"):
                    lines[id(el)] = number
                    elements.append(el)
        parser.close()
    except ET.ParseError as exc:
        raise ListFormatError("bad_xml", exc.position[0], detail=str(exc).split(":")[0]) from None
    if root is None or root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError("unknown_format", 1)
    entries = []
    for el in elements:
        def t(tag: str, el: ET.Element = el) -> str:
            return (el.findtext(tag) or "").strip()
        parts = [t(tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        name = " ".join(p for p in parts if p)
        if not name:
            raise ListFormatError("missing_name", lines[id(el)])
        alias_tag = "INDIVIDUAL_ALIAS" if el.tag == "INDIVIDUAL" else "ENTITY_ALIAS"
        aliases = [(a.findtext("ALIAS_NAME") or "").strip() for a in el.findall(alias_tag)]
        aliases.append(t("NAME_ORIGINAL_SCRIPT"))
        countries = [country_code(v.text or "") or "" for v in el.findall("NATIONALITY/VALUE")]
        address_tag = "INDIVIDUAL_ADDRESS" if el.tag == "INDIVIDUAL" else "ENTITY_ADDRESS"
        countries += [country_code(a.findtext("COUNTRY") or "") or "" for a in el.findall(address_tag)]
        entries.append(Entry(
            list_name=UN_LIST, entry_id=t("DATAID") or t("REFERENCE_NUMBER"), name=name,
            aliases=_uniq([a for a in aliases if a and a != name]), countries=_uniq(countries),
            kind="individual" if el.tag == "INDIVIDUAL" else "entity", reference=t("REFERENCE_NUMBER"),
            listed_on=t("LISTED_ON"), programs=_split(t("UN_LIST_TYPE"))))
    return entries
