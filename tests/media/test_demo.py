from chuhai.media import service
from chuhai.media.demo import seed_demo_photos
from chuhai.media.engine import drawings
from tests.media.conftest import stored_files


def test_every_product_gets_drawn_photos_of_its_category_once(session, world, media):
    counts = seed_demo_photos(session, media)
    session.commit()
    covers = service.cover_images(session, [world["wig"].id, world["wig2"].id, world["chair"].id])
    assert set(covers) == {world["wig"].id, world["wig2"].id, world["chair"].id}
    assert all(ref.is_cover and ref.position == 1 for ref in covers.values())
    assert counts["product_photos"] == sum(len(service.product_images(session, p.id))
                                           for p in (world["wig"], world["wig2"], world["chair"]))
    assert counts["factory_photos"] == 2 and len(service.enterprise_images(session, world["wigs_co"].id)) == 1
    files = stored_files(media.storage.root)
    again = seed_demo_photos(session, media)
    assert again["product_photos"] == 0 and stored_files(media.storage.root) == files


def test_drawings_are_deterministic_and_distinct():
    assert drawings.draw("wigs", 0, "Wigs").tobytes() == drawings.draw("wigs", 0, "Wigs").tobytes()
    pictures = {drawings.draw(category, v, category).tobytes() for category in drawings.DRAWERS for v in range(6)}
    assert len(pictures) == len(drawings.DRAWERS) * 6
