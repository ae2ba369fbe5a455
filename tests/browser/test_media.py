"""Photos in headless Chromium on the small demo: the demo's drawn photos load on a product page (cover large,
thumbnails below); the enterprise adds a photo from the product's Photos page, sees it, makes it the cover
and finds it first on the product page; a file with a lying extension is refused with its name and reason."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser.conftest import image_loaded, shoot, sign_in

pytestmark = pytest.mark.browser


def _photo_file(tmp_path) -> str:
    path = tmp_path / "IMG_2041.jpg"
    image = Image.new("RGB", (1600, 1200), (40, 90, 160))
    for x in range(0, 1600, 100):
        image.paste((240, 200, 40), (x, 500, x + 50, 700))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (36.0, 42.0, 30.0)}
    image.save(path, "JPEG", exif=exif.tobytes())
    return str(path)


def test_product_page_with_photos_and_managing_them(page, tmp_path):
    sign_in(page, "wigs@chuhai.demo")
    page.goto("/products?mine=1")
    assert image_loaded(page.locator("[data-testid=product-table] img.cover-thumb").first)
    # a product that has photos (the list's order need not put one first)
    page.locator("[data-testid=product-table] tr:has(img.cover-thumb) a[href^='/products/']").first.click()
    page.locator("[data-testid=gallery]").wait_for()
    assert image_loaded(page.locator("[data-testid=cover-photo]"))
    shoot(page, "media-product-page-demo-photos")

    page.click("[data-testid=manage-photos]")
    before = page.locator("[data-testid=photo]").count()
    bad = tmp_path / "certificate.jpg"
    bad.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#photos", str(bad))
    page.click("[data-testid=photo-form] button[type=submit]")
    error = page.locator("[data-testid=upload-error]")
    assert "certificate.jpg" in error.inner_text() and "JPEG" in error.inner_text()
    assert page.locator("[data-testid=photo]").count() == before

    page.set_input_files("#photos", _photo_file(tmp_path))
    page.click("[data-testid=photo-form] button[type=submit]")
    page.locator("[data-testid=photo]").nth(before).wait_for()
    new_photo = page.locator("[data-testid=photo]").nth(before)
    new_photo.locator("button", has_text="设为封面").click()
    page.locator("[data-testid=photo]").nth(before).locator("[data-testid=cover-tag]").wait_for()  # in its place
    assert page.locator("[data-testid=cover-tag]").count() == 1
    shoot(page, "media-manage-photos")
    page.click("text=返回产品")
    cover = page.locator("[data-testid=cover-photo]")
    src = cover.get_attribute("src")
    response = page.request.get(src)
    assert response.headers["content-type"] == "image/jpeg" and "immutable" in response.headers["cache-control"]
    served = Image.open(io.BytesIO(response.body()))
    assert served.size == (1200, 900) and not served.getexif()  # display size, GPS gone
    assert image_loaded(page.locator("[data-testid=cover-photo]"))
    shoot(page, "media-product-page-new-cover")


def test_enterprise_page_shows_its_factory_photo(page):
    sign_in(page, "buyer@chuhai.demo")
    page.goto("/enterprises")
    page.locator("a[href^='/enterprises/']").first.click()
    assert image_loaded(page.locator("[data-testid=enterprise-files] img").first)
    shoot(page, "media-enterprise-page")
