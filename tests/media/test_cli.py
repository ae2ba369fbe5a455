from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.media import service
from tests.media.images import jpeg, zip_of


def test_import_photos_from_the_command_line(session, world, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CHUHAI_DATABASE_URL", db_url)
    monkeypatch.setenv("CHUHAI_MEDIA_DIR", str(tmp_path / "media"))
    from chuhai.config import get_settings
    get_settings.cache_clear()
    archive = tmp_path / "photos.zip"
    archive.write_bytes(zip_of({"WIG-001_1.jpg": jpeg(), "WIG-404.jpg": jpeg(color=(0, 0, 250))}))
    try:
        result = CliRunner().invoke(app, ["media", "import-photos", str(archive), "--enterprise",
                                          str(world["wigs_co"].id)])
        again = CliRunner().invoke(app, ["media", "import-photos", str(archive), "--enterprise",
                                         str(world["wigs_co"].id)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert "WIG-404.jpg  WIG-404  No product of this enterprise has the SKU WIG-404." in result.output
    assert "1 added, 0 already there, 1 refused" in result.output
    assert "0 added, 1 already there, 1 refused" in again.output
    session.expire_all()
    assert len(service.product_images(session, world["wig"].id)) == 1
    assert any((tmp_path / "media").rglob("*.jpg"))
