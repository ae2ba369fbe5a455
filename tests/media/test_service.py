import io

import pytest
from PIL import Image
from sqlalchemy import select

from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.i18n import pick
from chuhai.media import service
from chuhai.media.models import MediaFile, MediaKind
from tests.media.conftest import actor, stored_files
from tests.media.images import PDF, bomb, jpeg, png, webp, zip_of


def _rows(session):
    return session.scalars(select(MediaFile)).all()


def test_a_photo_is_stored_stripped_with_its_thumbnail_and_is_the_cover(session, world, media):
    added = service.add_product_photo(session, actor(world["wigs"]), media, world["wig"].id,
                                      file_name="IMG_0001.JPG", content=jpeg((2000, 1000)))
    session.commit()
    assert added.created and added.row.is_cover and added.row.position == 1
    [ref] = service.product_images(session, world["wig"].id)
    assert ref.display_url.startswith("/media/") and ref.display_url.endswith(".jpg")
    assert (ref.width, ref.height, ref.thumb_width, ref.thumb_height) == (1200, 600, 320, 320)
    assert ref.alt == pick(world["wig"].title_zh, world["wig"].title_en)
    display = media.storage.get(ref.display_key)
    assert not Image.open(io.BytesIO(display)).getexif() and b"SpyCam" not in display
    assert service.cover_images(session, [world["wig"].id, world["wig2"].id]) == {world["wig"].id: ref}


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("photo.jpg", PDF, "Upload a JPEG, PNG or WebP image"),  # a lying extension
    ("photo.png", b"GIF89a" + b"\0" * 64, "Upload a JPEG, PNG or WebP image"),
    ("photo.jpg", b"\xff\xd8\xff" + b"garbage" * 20, "damaged"),
    ("huge.png", bomb(8000), "too many pixels"),
])
def test_a_refused_file_stores_nothing(session, world, media, name, content, reason):
    with pytest.raises(ValidationFailed) as refused:
        service.add_product_photo(session, actor(world["wigs"]), media, world["wig"].id, file_name=name,
                                  content=content)
    assert reason in refused.value.message
    session.rollback()
    assert _rows(session) == [] and stored_files(media.storage.root) == []


def test_too_large(session, world, media):
    small = service.MediaConfig(storage=media.storage, limits=service.images.Limits(max_bytes=10_000))
    with pytest.raises(ValidationFailed) as refused:
        service.add_product_photo(session, actor(world["wigs"]), small, world["wig"].id, file_name="a.jpg",
                                  content=jpeg())
    assert refused.value.message == "The file is larger than %(limit_mb)s MB."
    assert stored_files(media.storage.root) == []


def test_a_rolled_back_upload_leaves_no_file(session, world, media):
    service.add_product_photo(session, actor(world["wigs"]), media, world["wig"].id, file_name="a.jpg",
                              content=jpeg())
    assert len(stored_files(media.storage.root)) == 2
    session.rollback()
    assert stored_files(media.storage.root) == []


def test_the_same_file_again_is_the_same_photo_and_equal_content_shares_its_files(session, world, media):
    wigs = actor(world["wigs"])
    first = service.add_product_photo(session, wigs, media, world["wig"].id, file_name="a.jpg", content=jpeg())
    again = service.add_product_photo(session, wigs, media, world["wig"].id, file_name="b.jpg", content=jpeg())
    other = service.add_product_photo(session, wigs, media, world["wig2"].id, file_name="a.jpg", content=jpeg())
    session.commit()
    assert not again.created and again.row.id == first.row.id
    assert other.created and other.row.display_key == first.row.display_key
    assert len(stored_files(media.storage.root)) == 2
    service.delete(session, wigs, media, first.row.id)
    session.commit()
    assert len(stored_files(media.storage.root)) == 2  # still the second product's
    service.delete(session, wigs, media, other.row.id)
    session.commit()
    assert stored_files(media.storage.root) == []


def test_order_cover_and_delete(session, world, media):
    wigs, wig = actor(world["wigs"]), world["wig"].id
    ids = [service.add_product_photo(session, wigs, media, wig, file_name=f"{i}.jpg",
                                     content=jpeg(color=(i * 40, 10, 10))).row.id for i in range(3)]
    service.reorder(session, wigs, wig, [ids[2], ids[0], ids[1]])
    assert [r.id for r in service.product_images(session, wig)] == [ids[0], ids[2], ids[1]]  # the cover first
    service.set_cover(session, wigs, ids[1])
    assert [r.id for r in service.product_images(session, wig)] == [ids[1], ids[2], ids[0]]
    service.delete(session, wigs, media, ids[1])
    refs = service.product_images(session, wig)
    assert [r.id for r in refs] == [ids[2], ids[0]] and refs[0].is_cover
    service.move(session, wigs, ids[0], -1)
    assert [r.position for r in service.product_images(session, wig) if r.id == ids[0]] == [1]
    with pytest.raises(ValidationFailed):
        service.reorder(session, wigs, wig, [ids[0]])


def test_at_most_the_limit(session, world, media):
    two = service.MediaConfig(storage=media.storage, max_product_photos=2)
    for i in range(2):
        service.add_product_photo(session, actor(world["wigs"]), two, world["wig"].id, file_name="a.jpg",
                                  content=jpeg(color=(i * 100, 0, 0)))
    with pytest.raises(Conflict):
        service.add_product_photo(session, actor(world["wigs"]), two, world["wig"].id, file_name="a.jpg",
                                  content=png())


def test_ownership(session, world, media):
    with pytest.raises(NotFound):
        service.add_product_photo(session, actor(world["chairs"]), media, world["wig"].id, file_name="a.jpg",
                                  content=jpeg())
    with pytest.raises(Forbidden):
        service.add_product_photo(session, actor(world["buyer"]), media, world["wig"].id, file_name="a.jpg",
                                  content=jpeg())
    row = service.add_product_photo(session, actor(world["operator"]), media, world["wig"].id, file_name="a.jpg",
                                    content=jpeg()).row
    with pytest.raises(NotFound):
        service.delete(session, actor(world["chairs"]), media, row.id)
    with pytest.raises(NotFound):
        service.add_enterprise_file(session, actor(world["chairs"]), media, world["wigs_co"].id,
                                    kind=MediaKind.FACTORY, file_name="f.jpg", content=jpeg())
    assert stored_files(media.storage.root) != []


def test_enterprise_files_take_pdf_only_as_certificates(session, world, media):
    wigs, firm = actor(world["wigs"]), world["wigs_co"].id
    certificate = service.add_enterprise_file(session, wigs, media, firm, kind=MediaKind.CERTIFICATE,
                                              file_name="iso.pdf", content=PDF, caption="ISO 9001").row
    assert certificate.content_type == "application/pdf" and certificate.thumb_key.endswith(".jpg")
    with pytest.raises(ValidationFailed):
        service.add_enterprise_file(session, wigs, media, firm, kind=MediaKind.FACTORY, file_name="f.pdf",
                                    content=PDF)
    service.add_enterprise_file(session, wigs, media, firm, kind=MediaKind.FACTORY, file_name="f.webp",
                                content=webp())
    kinds = [r.kind for r in service.enterprise_images(session, firm)]
    assert sorted(kinds) == [MediaKind.CERTIFICATE, MediaKind.FACTORY]


def test_zip_import_names_each_refused_file_and_is_idempotent(session, world, media):
    wigs = actor(world["wigs"])
    archive = zip_of({
        "WIG-001_1.jpg": jpeg(color=(1, 2, 3)),
        "wig-001-2.png": png(),
        "WIG-002.webp": webp(),
        "CHAIR-1.jpg": jpeg(color=(9, 9, 9)),  # another enterprise's SKU
        "WIG-002_2.jpg": PDF,  # a lying extension
        "notes.txt": b"hello",
        "README": b"hello",
    })
    report = service.import_photos(session, wigs, media, world["wigs_co"].id, archive)
    session.commit()
    by_file = {row.file: row for row in report.rows}
    assert (report.added, report.unchanged, report.refused) == (3, 0, 4)
    assert by_file["CHAIR-1.jpg"].code == "unknown_sku" and by_file["CHAIR-1.jpg"].params == {"sku": "CHAIR"}
    assert by_file["WIG-002_2.jpg"].code == "not_an_image"
    assert by_file["notes.txt"].code == "unknown_sku" and by_file["README"].code == "entry_name"
    assert len(service.product_images(session, world["wig"].id)) == 2
    again = service.import_photos(session, wigs, media, world["wigs_co"].id, archive)
    session.commit()
    assert (again.added, again.unchanged) == (0, 3)
    assert len(_rows(session)) == 3


def test_zip_import_too_many_and_broken_archive(session, world, media):
    two = service.MediaConfig(storage=media.storage, max_product_photos=2)
    archive = zip_of({f"WIG-001_{i}.jpg": jpeg(color=(i * 60, 0, 0)) for i in range(1, 4)})
    report = service.import_photos(session, actor(world["wigs"]), two, world["wigs_co"].id, archive)
    assert [row.status for row in report.rows] == ["added", "added", "refused"]
    assert report.rows[2].code == "too_many" and report.rows[2].file == "WIG-001_3.jpg"
    with pytest.raises(ValidationFailed):
        service.import_photos(session, actor(world["wigs"]), two, world["wigs_co"].id, b"not a zip")


def test_visibility_of_served_files(session, world, media):
    row = service.add_product_photo(session, actor(world["wigs"]), media, world["wig"].id, file_name="a.jpg",
                                    content=jpeg()).row
    session.commit()
    name = row.display_key.split("/")[1]
    served = service.served_file(session, None, name)
    assert served.public and served.content_type == "image/jpeg"
    world["wig"].showcase_hidden = True  # the operator keeps it off the showcase: not public any more
    session.commit()
    with pytest.raises(NotFound):
        service.served_file(session, None, name)
    assert not service.served_file(session, actor(world["buyer"]), name).public
    world["wig"].showcase_hidden = False
    world["wig"].status = "archived"
    session.commit()
    with pytest.raises(NotFound):
        service.served_file(session, None, name)
    with pytest.raises(NotFound):
        service.served_file(session, actor(world["buyer"]), name)
    assert not service.served_file(session, actor(world["wigs"]), name).public
    with pytest.raises(NotFound):
        service.served_file(session, None, "../../etc/passwd")


def test_a_certificate_scan_is_never_public(session, world, media):
    row = service.add_enterprise_file(session, actor(world["wigs"]), media, world["wigs_co"].id,
                                      kind=MediaKind.CERTIFICATE, file_name="iso.jpg", content=jpeg()).row
    session.commit()
    name = row.display_key.split("/")[1]
    for reader in (None, actor(world["buyer"]), actor(world["chairs"])):  # its number is private
        with pytest.raises(NotFound):
            service.served_file(session, reader, name)
    assert service.served_file(session, actor(world["wigs"]), name).content_type == "image/jpeg"
    assert service.served_file(session, actor(world["operator"]), name).content_type == "image/jpeg"
    assert MediaKind.CERTIFICATE not in service.visible_kinds(actor(world["buyer"]), world["wigs_co"].id)
    assert MediaKind.CERTIFICATE in service.visible_kinds(actor(world["wigs"]), world["wigs_co"].id)


def test_a_shared_file_is_served_when_any_row_using_it_is_visible(session, world, media):
    wigs = actor(world["wigs"])
    hidden = service.add_product_photo(session, wigs, media, world["wig"].id, file_name="a.jpg", content=jpeg()).row
    service.add_product_photo(session, wigs, media, world["wig2"].id, file_name="b.jpg", content=jpeg())
    world["wig"].status = "archived"
    session.commit()
    served = service.served_file(session, None, hidden.thumb_key.split("/")[1])
    assert served.public and served.content_type == "image/jpeg"
    world["wig2"].showcase_hidden = True
    session.commit()
    with pytest.raises(NotFound):
        service.served_file(session, None, hidden.thumb_key.split("/")[1])
    assert not service.served_file(session, actor(world["buyer"]), hidden.thumb_key.split("/")[1]).public
