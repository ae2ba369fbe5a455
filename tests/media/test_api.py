import time

from tests.conftest import PASSWORD
from tests.media.images import PDF, jpeg, png, zip_of


def _token(client, user):
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}", "Accept-Language": "en"}


def test_upload_order_cover_delete(client, world):
    wigs = _token(client, world["wigs"])
    url = f"/api/v1/products/{world['wig'].id}/photos"
    first = client.post(url, headers=wigs, files={"file": ("a.jpg", jpeg(), "image/jpeg")})
    assert first.status_code == 201 and first.json()["created"] and first.json()["is_cover"]
    again = client.post(url, headers=wigs, files={"file": ("copy.jpg", jpeg(), "image/jpeg")})
    assert again.status_code == 201 and not again.json()["created"] and again.json()["id"] == first.json()["id"]
    second = client.post(url, headers=wigs, files={"file": ("b.png", png(), "image/png")}, data={"caption": "Side"})
    assert second.json()["thumb_width"] == 320 and second.json()["alt"] == "Side"
    ids = [second.json()["id"], first.json()["id"]]
    assert [p["id"] for p in client.put(url + "/order", headers=wigs, json={"ids": ids}).json()] == ids[::-1]
    assert client.post(f"/api/v1/media/{ids[0]}/cover", headers=wigs).json()["is_cover"]
    assert client.get(url, headers=wigs).json()[0]["id"] == ids[0]
    assert client.delete(f"/api/v1/media/{ids[0]}", headers=wigs).status_code == 204
    assert [p["id"] for p in client.get(url, headers=wigs).json()] == [ids[1]]


def test_refusals_say_why(client, world):
    wigs = _token(client, world["wigs"])
    url = f"/api/v1/products/{world['wig'].id}/photos"
    response = client.post(url, headers=wigs, files={"file": ("photo.jpg", PDF, "image/jpeg")})
    assert response.status_code == 422 and "JPEG, PNG or WebP" in response.text
    assert client.get(url, headers=wigs).json() == []
    chairs = _token(client, world["chairs"])
    assert client.post(url, headers=chairs, files={"file": ("a.jpg", jpeg(), "image/jpeg")}).status_code == 404


def test_zip_import(client, world):
    """The API queues the import (202) and its poll URL reads the report once the background job is done."""
    wigs = _token(client, world["wigs"])
    archive = zip_of({"WIG-001_1.jpg": jpeg(), "WIG-999.jpg": jpeg(color=(0, 90, 0))})
    base = f"/api/v1/enterprises/{world['wigs_co'].id}/photo-imports"
    response = client.post(base, headers=wigs, files={"file": ("p.zip", archive, "application/zip")})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["kind"] == "media.photo_zip" and job["poll_url"] == f"{base}/{job['id']}"
    assert client.get(job["poll_url"], headers=_token(client, world["chairs"])).status_code == 404
    job = _finished(client, job["poll_url"], wigs)
    assert job["state"] == "succeeded", job
    body = job["report"]
    assert (body["added"], body["refused"]) == (1, 1)
    [refused] = [row for row in body["rows"] if row["status"] == "refused"]
    assert refused["file"] == "WIG-999.jpg"
    assert refused["message"] == "No product of this enterprise has the SKU WIG-999."
    [added] = [row for row in body["rows"] if row["status"] == "added"]
    photos = client.get(f"/api/v1/products/{world['wig'].id}/photos", headers=wigs).json()
    assert [p["id"] for p in photos] == [added["media_id"]]


def test_a_broken_zip_fails_its_job_with_the_reason(client, world):
    wigs = _token(client, world["wigs"])
    base = f"/api/v1/enterprises/{world['wigs_co'].id}/photo-imports"
    response = client.post(base, headers=wigs, files={"file": ("p.zip", b"not a zip", "application/zip")})
    assert response.status_code == 202, response.text
    job = _finished(client, response.json()["poll_url"], wigs)
    assert job["state"] == "failed" and job["report"] is None and job["error"]
    other = f"/api/v1/enterprises/{world['chairs_co'].id}/photo-imports"
    assert client.post(other, headers=wigs, files={"file": ("p.zip", b"x", "application/zip")}).status_code == 404


def _finished(client, url: str, headers: dict[str, str]) -> dict:
    deadline = time.monotonic() + 60
    while (job := client.get(url, headers=headers).json())["state"] in {"queued", "running"}:
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.1)
    return job


def test_an_id_beyond_the_columns_is_a_404_not_a_500(client, world):
    """Found by fuzzing the media API: SQLite cannot bind an id past 2**63 (OverflowError, a 500)."""
    wigs = _token(client, world["wigs"])
    for url in ("/api/v1/enterprises/9223372036854775808/media", "/api/v1/products/9223372036854775808/photos"):
        assert client.get(url, headers=wigs).status_code == 404
    assert client.delete("/api/v1/media/9223372036854775808", headers=wigs).status_code == 404


def test_a_buyer_may_not_list_photos_for_managing(client, world):
    response = client.get(f"/api/v1/products/{world['wig'].id}/photos", headers=_token(client, world["buyer"]))
    assert response.status_code == 403
