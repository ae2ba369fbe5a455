import io
import zipfile

import pytest

from chuhai.media.engine import archive
from tests.media.images import jpeg, zip_of


@pytest.mark.parametrize(("name", "parsed"), [
    ("SKU123.jpg", ("SKU123", None)),
    ("SKU123_1.jpg", ("SKU123", 1)),
    ("SKU123-2.png", ("SKU123", 2)),
    ("photos/WIG-0007_3.webp", ("WIG-0007", 3)),
    ("WIG-0007.JPG", ("WIG-0007", None)),
    ("README", None),
])
def test_names(name, parsed):
    assert archive.parse_name(name) == parsed


def test_entries_carry_their_bytes_or_their_refusal():
    content = zip_of({"A_1.jpg": jpeg(), "B.png": b"x" * 10, "notes": b"hi", "__MACOSX/._A_1.jpg": b"junk",
                      ".DS_Store": b"junk"})
    entries = {e.name: e for e in archive.entries(content, archive.ArchiveLimits())}
    assert set(entries) == {"A_1.jpg", "B.png", "notes"}
    assert entries["A_1.jpg"].content is not None and entries["A_1.jpg"].position == 1
    assert entries["notes"].code == archive.ENTRY_NAME


def test_a_zip_bomb_entry_is_refused_from_the_directory():
    content = zip_of({"A.jpg": b"\0" * (5 << 20)})
    [entry] = archive.entries(content, archive.ArchiveLimits(max_ratio=100))
    assert entry.code == archive.ENTRY_RATIO and entry.content is None


def test_archive_limits():
    content = zip_of({f"A_{i}.jpg": b"x" for i in range(5)})
    with pytest.raises(archive.ArchiveRefused) as refused:
        archive.entries(content, archive.ArchiveLimits(max_entries=4))
    assert refused.value.code == archive.TOO_MANY_ENTRIES
    with pytest.raises(archive.ArchiveRefused) as refused:
        archive.entries(zip_of({"A.jpg": b"x" * 2000}), archive.ArchiveLimits(max_total_bytes=1000))
    assert refused.value.code == archive.TOO_LARGE_UNCOMPRESSED
    with pytest.raises(archive.ArchiveRefused):
        archive.entries(b"PK\x03\x04 not a zip", archive.ArchiveLimits())


def test_an_entry_larger_than_declared_is_cut_at_the_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("A.jpg", b"y" * 5000)
    [entry] = archive.entries(out.getvalue(), archive.ArchiveLimits(max_entry_bytes=1000))
    assert entry.code == archive.ENTRY_TOO_LARGE
