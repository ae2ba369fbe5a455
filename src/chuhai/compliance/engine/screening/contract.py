"""The batch contract, no database:

`chuhai screen --list FILE [--list FILE …] --parties PARTIES.jsonl --out HITS.jsonl [--threshold X]`

Each list's format is told from its content (`lists.parse_list`). A party line is
`{"party_id", "name", "country"?, "address"?}`; the output has one line per party, in input order:
`{"party_id", "matches": [{"list", "entry_id", "name", "score", "reasons": [str]}]}`, best first, empty when
clear. A bad party line raises `PartyLineError` naming the line.
"""

from __future__ import annotations

import json
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


def screen_files(list_paths: Iterable[Path], parties_path: Path, out_path: Path,
                 threshold: float = DEFAULT_THRESHOLD) -> dict[str, int]:
    screener = Screener(load_lists(list_paths), threshold)
    parties = hits = 0
    with open(parties_path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as out:
        for party in read_parties(src):
            matches = screener.screen(party)
            parties += 1
            hits += bool(matches)
            out.write(json.dumps({"party_id": party.party_id, "matches": [match_row(m) for m in matches]},
                                 ensure_ascii=False) + "\n")
    return {"entries": len(screener.entries), "parties": parties, "flagged": hits}
