"""Restricted-party screening in the platform (core, no other domain): the imported lists and their versions,
a party screened against the newest version of every list, the cases (possible hits with their evidence),
the holds they put on a party's new demands and quotations, and the operator's decision.

The matching is the engine's (`compliance.engine.screening`); the screener built from the lists is cached
per set of list contents (their SHA-256) in this process. `compliance.flows` feeds it buyers and carries the
consequences (rescreening on a list update, releasing holds, suspending a confirmed party). Flushes, never
commits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.compliance.engine.screening.lists import Entry, parse_list
from chuhai.compliance.engine.screening.matcher import Party, Screener
from chuhai.compliance.models import ScreeningCase, ScreeningEntry, ScreeningHold, ScreeningList, ScreeningStatus
from chuhai.database import utcnow
from chuhai.errors import Conflict, NotFound, ValidationFailed
from chuhai.types import RoleCode

MAX_LIST_BYTES = 200 * 1024 * 1024
MAX_NOTE = 2000
_FORMAT_KEYS = {"us_csl": "us-csl", "un_xml": "un-sc"}
_cache: dict[tuple[str, ...], Screener] = {}
_cache_lock = Lock()


@dataclass(frozen=True)
class ImportResult:
    key: str
    version: int
    entries: int
    created: bool
    list_id: int


def list_key(fmt: str, entries: list[Entry], name: str | None) -> str:
    if name:
        return name.strip()[:100]
    if fmt in _FORMAT_KEYS:
        return _FORMAT_KEYS[fmt]
    names = sorted({e.list_name for e in entries})
    return ("simple:" + "+".join(names))[:100] if names else "simple"


def import_list(session: Session, actor: Principal | None, data: bytes, file_name: str,
                name: str | None = None) -> ImportResult:
    """Parse the file (its format told from its content; `ListFormatError` names the line of a malformed one)
    and store it as the next version of its key, unless the newest version has the same content."""
    if actor is not None:
        actor.require(RoleCode.OPERATOR)
    if len(data) > MAX_LIST_BYTES:
        raise ValidationFailed("The list file is larger than %(mb)s MB.", mb=MAX_LIST_BYTES // 1024 // 1024)
    fmt, entries = parse_list(data)
    key = list_key(fmt, entries, name)
    digest = hashlib.sha256(data).hexdigest()
    latest = session.scalars(select(ScreeningList).where(ScreeningList.key == key)
                             .order_by(ScreeningList.version.desc()).limit(1)).first()
    if latest is not None and latest.sha256 == digest:
        return ImportResult(key, latest.version, latest.entries_count, False, latest.id)
    version = (latest.version + 1) if latest else 1
    row = ScreeningList(key=key, version=version, format=fmt, sha256=digest, file_name=file_name[:200],
                        entries_count=len(entries), imported_by_id=actor.user_id if actor else None)
    session.add(row)
    session.flush()
    session.execute(ScreeningEntry.__table__.insert(), [
        {"list_id": row.id, "list_name": e.list_name[:200], "entry_id": e.entry_id[:200], "name": e.name[:1000],
         "aliases": list(e.aliases), "countries": list(e.countries), "kind": e.kind[:32],
         "reference": e.reference[:200] or None, "listed_on": e.listed_on[:40] or None} for e in entries])
    return ImportResult(key, version, len(entries), True, row.id)


def current_lists(session: Session) -> list[ScreeningList]:
    """The newest version of every list key."""
    newest = (select(ScreeningList.key, func.max(ScreeningList.version).label("v"))
              .group_by(ScreeningList.key).subquery())
    return list(session.scalars(select(ScreeningList).join(
        newest, (ScreeningList.key == newest.c.key) & (ScreeningList.version == newest.c.v))
        .order_by(ScreeningList.key)))


def all_versions(session: Session) -> list[ScreeningList]:
    return list(session.scalars(select(ScreeningList).order_by(ScreeningList.key, ScreeningList.version.desc())))


def screener(session: Session) -> tuple[Screener, list[int]]:
    rows_now = current_lists(session)
    list_ids = sorted(row.id for row in rows_now)
    key = tuple(sorted(row.sha256 for row in rows_now))  # by content: ids repeat across databases
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found, list_ids
    rows = session.scalars(select(ScreeningEntry).where(ScreeningEntry.list_id.in_(list_ids))
                           .order_by(ScreeningEntry.id)) if list_ids else []
    built = Screener([Entry(list_name=r.list_name, entry_id=r.entry_id, name=r.name, aliases=tuple(r.aliases or ()),
                            countries=tuple(r.countries or ()), kind=r.kind, reference=r.reference or "",
                            listed_on=r.listed_on or "") for r in rows])
    with _cache_lock:
        _cache.clear()  # only the current set of versions is worth keeping
        _cache[key] = built
    return built, list_ids


def latest_case(session: Session, party_kind: str, party_id: int) -> ScreeningCase | None:
    return session.scalars(select(ScreeningCase).where(
        ScreeningCase.party_kind == party_kind, ScreeningCase.party_id == party_id)
        .order_by(ScreeningCase.id.desc()).limit(1)).first()


def screen_party(session: Session, party_kind: str, party_id: int, name: str, country: str | None
                 ) -> ScreeningCase | None:
    """Screen one party; a possible hit opens a case (held until the operator decides). A party already
    cleared for the same entries under the same name, or already under review or confirmed, gets no new case.
    Returns the case that now holds the party, if any."""
    built, list_ids = screener(session)
    matches = built.screen(Party(str(party_id), name, country))
    previous = latest_case(session, party_kind, party_id)
    if previous is not None and previous.status.holds:
        return previous
    if not matches:
        return None
    evidence = [{"list": m.list_name, "entry_id": m.entry_id, "name": m.name, "score": m.score,
                 "reasons": list(m.reasons)} for m in matches[:20]]
    if (previous is not None and previous.party_name == name
            and {m["entry_id"] for m in evidence} <= {m["entry_id"] for m in previous.matches}):
        return None  # cleared before for these very entries
    case = ScreeningCase(party_kind=party_kind, party_id=party_id, party_name=name[:300],
                         party_country=(country or None) and country[:2], status=ScreeningStatus.POSSIBLE_HIT,
                         matches=evidence, list_ids=list_ids)
    session.add(case)
    session.flush()
    return case


def holding_case(session: Session, party_kind: str, party_id: int) -> ScreeningCase | None:
    """The case that holds this party's new demands and quotations (under review or confirmed), if any."""
    case = latest_case(session, party_kind, party_id)
    return case if case is not None and case.status.holds else None


def hold(session: Session, case: ScreeningCase, object_kind: str, object_id: int) -> ScreeningHold:
    row = ScreeningHold(case_id=case.id, object_kind=object_kind, object_id=object_id)
    session.add(row)
    session.flush()
    return row


def is_held(session: Session, object_kind: str, object_id: int) -> bool:
    return session.scalar(select(func.count()).select_from(ScreeningHold).where(
        ScreeningHold.object_kind == object_kind, ScreeningHold.object_id == object_id,
        ScreeningHold.released_at.is_(None))) > 0


def holds_of(session: Session, case_id: int) -> list[ScreeningHold]:
    return list(session.scalars(select(ScreeningHold).where(ScreeningHold.case_id == case_id)
                                .order_by(ScreeningHold.id)))


def list_cases(session: Session, actor: Principal, *, open_only: bool = False, limit: int = 200
               ) -> list[ScreeningCase]:
    actor.require(RoleCode.OPERATOR)
    query = select(ScreeningCase).order_by(ScreeningCase.id.desc()).limit(limit)
    if open_only:
        query = query.where(ScreeningCase.status == ScreeningStatus.POSSIBLE_HIT)
    return list(session.scalars(query))


def get_case(session: Session, actor: Principal, case_id: int) -> ScreeningCase:
    actor.require(RoleCode.OPERATOR)
    case = session.get(ScreeningCase, case_id)
    if case is None:
        raise NotFound("No such screening case %(case_id)s.", case_id=case_id)
    return case


def decide(session: Session, actor: Principal, case_id: int, decision: str, note: str | None) -> ScreeningCase:
    """The operator's decision on a possible hit: cleared (a note is required) or confirmed. The change is in the
    audit log (the session hook records the update with the actor)."""
    case = get_case(session, actor, case_id)
    if not case.status.can_decide:
        raise Conflict("This screening case was decided already.")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed("The note is longer than %(n)s characters.", n=MAX_NOTE, details={"field": "note"})
    if decision == ScreeningStatus.CLEARED.value:
        if not note:
            raise ValidationFailed("Say why the party is cleared.", details={"field": "note"})
        case.status = ScreeningStatus.CLEARED
    elif decision == ScreeningStatus.CONFIRMED.value:
        case.status = ScreeningStatus.CONFIRMED
    else:
        raise ValidationFailed("Clear or confirm the possible hit.", details={"field": "decision"})
    case.note = note or None
    case.decided_by_id = actor.user_id
    case.decided_at = utcnow()
    session.flush()
    return case


def release_holds(session: Session, case: ScreeningCase) -> list[ScreeningHold]:
    released = [h for h in holds_of(session, case.id) if h.released_at is None]
    for h in released:
        h.released_at = utcnow()
    session.flush()
    return released
