"""Each list format is parsed from its content; a malformed file's error names the line."""

from pathlib import Path

import pytest

from chuhai.compliance.engine.screening.lists import ListFormatError, parse_list

DATA = Path(__file__).parent / "data"


def test_us_consolidated_screening_list_csv():
    fmt, entries = parse_list((DATA / "csl_sample.csv").read_bytes())
    assert fmt == "us_csl"
    assert len(entries) == 4
    aero = entries[0]
    assert aero.name == "Aerokomplekt, OOO" and aero.entry_id == "e1c0a1b2"
    assert aero.list_name.startswith("Entity List")
    assert aero.aliases == ("Aerocomplect LLC", "ООО Аэрокомплект")
    assert aero.countries == ("RU",)
    shchukin = entries[1]
    assert shchukin.kind == "individual" and shchukin.reference == "25123"
    assert shchukin.programs == ("RUSSIA-EO14024",)
    assert entries[3].countries == ("AE",)


def test_un_consolidated_list_xml():
    fmt, entries = parse_list((DATA / "un_sample.xml").read_bytes())
    assert fmt == "un_xml"
    ri, morozov, koryo = entries
    assert ri.name == "RI WON HO" and ri.entry_id == "6908555" and ri.reference == "KPi.081"
    assert ri.aliases == ("Ri Won-ho", "리원호")
    assert ri.countries == ("KP", "SY") and ri.kind == "individual" and ri.listed_on == "2016-11-30"
    assert morozov.name == "ALEKSEY NIKOLAEVICH MOROZOV" and morozov.aliases == ("Алексей Морозов",)
    assert koryo.kind == "entity" and koryo.aliases == ("Koryo Trading Co.",) and koryo.countries == ("KP",)


def test_simple_csv_for_mofcom_lists():
    fmt, entries = parse_list((DATA / "mofcom_sample.csv").read_bytes())
    assert fmt == "simple_csv"
    assert [e.list_name for e in entries] == ["不可靠实体清单", "不可靠实体清单", "出口管制管控名单"]
    assert entries[0].aliases == ("Lockheed Martin Missiles and Fire Control",)
    assert entries[2].countries == ("US",) and entries[2].listed_on == "2024-01-02"


@pytest.mark.parametrize(("content", "code", "line"), [
    (b"name,aliases,country,list,reference,date\nA,,US,L,1,2024-01-01\nB,,US,L\n", "wrong_columns", 3),
    (b"name,aliases,country,list,reference,date\nA,,US,L,1,2024-01-01\n\n,x,US,L,2,2024-01-01\n", "missing_name", 4),
    (b'name,aliases,country,list,reference,date\nA,,US,L,1,2024-01-01\n"B,,US,L,2,2024\n', "bad_csv", 3),
    (b"<?xml version='1.0'?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME>\n"
     b"</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n", "bad_xml", 5),
    (b"<?xml version='1.0'?>\n<CONSOLIDATED_LIST><ENTITIES>\n<ENTITY><DATAID>1</DATAID></ENTITY>\n"
     b"</ENTITIES></CONSOLIDATED_LIST>\n", "missing_name", 3),
    (b"id;title\n1;x\n", "unknown_format", 1),
    (b"name,aliases,country,list,reference,date\nA,,US,L,1,2024\nB\xff,,US,L,2,2024\n", "not_utf8", 3),
])
def test_a_malformed_file_names_the_line(content, code, line):
    with pytest.raises(ListFormatError) as info:
        parse_list(content)
    assert (info.value.code, info.value.line) == (code, line)
    assert str(info.value).startswith(f"line {line}:")


def test_a_csl_file_with_a_short_row_names_its_line():
    text = (DATA / "csl_sample.csv").read_text().splitlines()
    text.insert(3, "broken,row")
    with pytest.raises(ListFormatError) as info:
        parse_list("\n".join(text).encode())
    assert info.value.line == 4
