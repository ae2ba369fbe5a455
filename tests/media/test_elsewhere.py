"""Photos where other domains show products: lists, the dossier PDF."""

from chuhai.accounts.service import principal_of
from chuhai.media import service
from chuhai.media.responses import media_config
from tests.conftest import login
from tests.media.images import jpeg


def _photo(app, session, world):
    config = media_config(type("R", (), {"app": app})())
    service.add_product_photo(session, principal_of(world["wigs"]), config, world["wig"].id, file_name="a.jpg",
                              content=jpeg())
    session.commit()


def test_the_product_list_shows_cover_thumbnails(client, app, session, world):
    _photo(app, session, world)
    login(client, world["buyer"].email)
    page = client.get("/products").text
    assert page.count('class="cover-thumb"') == 1


def test_the_dossier_pdf_carries_the_photos(client, app, session, world):
    login(client, world["wigs"].email)
    without = client.get(f"/planning/products/{world['wig'].id}/dossier.pdf")
    assert without.status_code == 200, without.text[:300]
    _photo(app, session, world)
    with_photo = client.get(f"/planning/products/{world['wig'].id}/dossier.pdf")
    assert with_photo.content.count(b"/Subtype /Image") == without.content.count(b"/Subtype /Image") + 1
