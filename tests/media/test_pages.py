import io
import time

from PIL import Image

from tests.conftest import csrf_of, login
from tests.media.images import GPS_IFD, PDF, jpeg, webp, zip_of


def _upload(client, product_id, files, caption=""):
    page = client.get(f"/products/{product_id}/photos")
    assert page.status_code == 200
    return client.post(f"/products/{product_id}/photos", data={"csrf_token": csrf_of(page.text), "caption": caption},
                       files=[("photos", f) for f in files], follow_redirects=False)


def test_upload_from_the_product_page_and_serve_without_exif(client, world):
    assert GPS_IFD in Image.open(io.BytesIO(jpeg())).getexif()  # the upload does carry GPS
    login(client, world["wigs"].email)
    response = _upload(client, world["wig"].id, [("IMG_1.jpg", jpeg(), "image/jpeg"), ("b.webp", webp(), "image/webp")])
    assert response.status_code == 303
    page = client.get(f"/products/{world['wig'].id}")
    assert 'data-testid="gallery"' in page.text
    manage = client.get(f"/products/{world['wig'].id}/photos").text
    assert manage.count('data-testid="photo"') == 2
    url = manage.split('<a href="/media/', 1)[1].split('"', 1)[0]
    served = client.get("/media/" + url)
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert "immutable" in served.headers["cache-control"] and served.headers["x-content-type-options"] == "nosniff"
    image = Image.open(io.BytesIO(served.content))
    assert not image.getexif() and GPS_IFD not in image.getexif() and b"SpyCam" not in served.content
    anonymous = client.__class__(client.app)
    assert anonymous.get("/media/" + url).headers["cache-control"].startswith("public")


def test_a_lying_extension_is_refused_with_the_reason_and_nothing_is_kept(client, world, settings):
    login(client, world["wigs"].email)
    response = _upload(client, world["wig"].id, [("good.jpg", jpeg(), "image/jpeg"),
                                                 ("photo.jpg", PDF, "image/jpeg")])
    assert response.status_code == 422
    assert "photo.jpg" in response.text and "请上传 JPEG、PNG 或 WebP 图片" in response.text  # the reader's language
    assert 'data-testid="photo"' not in response.text
    media_dir = settings.data_dir / "media"
    assert not media_dir.exists() or not [p for p in media_dir.rglob("*") if p.is_file()]


def test_another_enterprise_and_a_buyer_may_not_manage(client, world):
    login(client, world["chairs"].email)
    assert client.get(f"/products/{world['wig'].id}/photos").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    login(client, world["buyer"].email)
    assert client.get(f"/products/{world['wig'].id}/photos").status_code == 403


def test_zip_import_page_runs_a_job_and_lists_refused_files(client, world):
    login(client, world["wigs"].email)
    assert 'href="/imports/photos"' in client.get("/imports").text  # offered beside the products import
    page = client.get("/imports/photos")
    archive = zip_of({"WIG-001_1.jpg": jpeg(), "NOPE-9.jpg": jpeg(color=(0, 200, 0))})
    response = client.post("/imports/photos", data={"csrf_token": csrf_of(page.text)},
                           files={"file": ("photos.zip", archive, "application/zip")}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/imports/photos/jobs/")
    deadline = time.time() + 60
    while 'data-testid="photo-import-running"' in (job := client.get(response.headers["location"])).text:
        assert 'http-equiv="refresh"' in job.text and time.time() < deadline
        time.sleep(0.3)
    assert 'data-testid="photo-import-summary"' in job.text, job.text[-2000:]
    assert "NOPE-9.jpg" in job.text and "NOPE" in job.text
    assert client.get(f"/products/{world['wig'].id}/photos").text.count('data-testid="photo"') == 1
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    login(client, world["chairs"].email)  # another enterprise's member does not see the job
    assert client.get(response.headers["location"]).status_code == 404


def test_enterprise_certificate_pdf(client, world):
    login(client, world["wigs"].email)
    firm = world["wigs_co"].id
    page = client.get(f"/enterprises/{firm}/media")
    response = client.post(f"/enterprises/{firm}/media", data={"csrf_token": csrf_of(page.text), "kind": "certificate",
                                                                "caption": "ISO 9001"},
                           files={"files": ("iso.pdf", PDF, "application/pdf")}, follow_redirects=False)
    assert response.status_code == 303
    detail = client.get(f"/enterprises/{firm}").text
    assert 'data-testid="enterprise-files"' in detail
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/").text)})
    login(client, world["buyer"].email)  # a certificate's scan shows its number: the enterprise's own
    assert 'data-testid="enterprise-files"' not in client.get(f"/enterprises/{firm}").text
