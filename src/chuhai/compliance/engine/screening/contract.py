"""The batch contract, no database:

`chuhai screen --list FILE [--list FILE …] --parties PARTIES.jsonl --out HITS.jsonl [--threshold X]`

Each list's format is told from its content (`lists.parse_list`). A party line is
`{"party_id", "name", "country"?, "address"?}`; the output has one line per party, in input order:
`{"party_id", "matches": [{"list", "entry_id", "name", "score", "reasons": [str]}]}`, best first, empty when
clear. A bad party line raises `PartyLineError` naming the line.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from chuhai.compliance.engine.screening.lists import Entry, parse_list
from chuhai.compliance.engine.screening.matcher import DEFAULT_THRESHOLD, Match, Party, Screener

MAX_NAME = 500


class PartyLineError(ValueError):
    def __init__(self, line: int, detail: str) -> None:
        self.line = line
        super().__init__(f"parties line {line}: {detail}")


def load_lists(paths: Iterable[Path]) -> list[Entry]:
    entries: list[Entry] = []
    for path in paths:
        entries.extend(parse_list(Path(path).read_bytes())[1])
    return entries


def read_parties(lines: Iterable[str]) -> Iterator[Party]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PartyLineError(number, f"not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("name"), str) or "party_id" not in obj:
            raise PartyLineError(number, 'needs "party_id" and "name"')
        country = obj.get("country")
        yield Party(party_id=str(obj["party_id"]), name=obj["name"][:MAX_NAME],
                    country=country if isinstance(country, str) else None,
                    address=obj.get("address") if isinstance(obj.get("address"), str) else None)


def match_row(m: Match) -> dict[str, Any]:
    return {"list": m.list_name, "entry_id": m.entry_id, "name": m.name, "score": m.score, "reasons": list(m.reasons)}


_SCREENER: Screener | None = None  # the forked workers' copy (set before the pool forks)
CHUNK = 2000


def _screen_chunk(parties: list[Party]) -> list[list[Match]]:
    assert _SCREENER is not None
    return [_SCREENER.screen(p) for p in parties]


def _results(screener: Screener, parties: list[Party], workers: int) -> Iterator[list[Match]]:
    global _SCREENER
    chunks = [parties[i:i + CHUNK] for i in range(0, len(parties), CHUNK)]
    if workers <= 1 or len(chunks) <= 1 or "fork" not in mp.get_all_start_methods():
        for chunk in chunks:
            yield from _screen_chunk_with(screener, chunk)
        return
    _SCREENER = screener
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            for result in pool.imap(_screen_chunk, chunks):  # in input order
                yield from result
    finally:
        _SCREENER = None


def _screen_chunk_with(screener: Screener, parties: list[Party]) -> list[list[Match]]:
    return [screener.screen(p) for p in parties]


def screen_files(list_paths: Iterable[Path], parties_path: Path, out_path: Path,
                 threshold: float = DEFAULT_THRESHOLD, workers: int | None = None) -> dict[str, int]:
    """Screen every party line; `workers` processes (default: the CPUs, at most 4) share the parties, the
    index built once before they fork."""
    screener = Screener(load_lists(list_paths), threshold)
    with open(parties_path, encoding="utf-8") as src:
        parties = list(read_parties(src))
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    hits = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for party, matches in zip(parties, _results(screener, parties, workers), strict=True):
            hits += bool(matches)
            out.write(json.dumps({"party_id": party.party_id, "matches": [match_row(m) for m in matches]},
                                 ensure_ascii=False) + "\n")
    return {"entries": len(screener.entries), "parties": len(parties), "flagged": hits}
