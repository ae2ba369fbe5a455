import io

import pytest
from PIL import Image

from chuhai.media.engine import images
from tests.media.images import PDF, bomb, jpeg, png, webp


def test_a_jpeg_comes_back_without_its_metadata_at_display_size_with_a_square_thumbnail():
    result = images.process(jpeg((2400, 1200)), images.Limits(display_px=1200, thumb_px=320))
    display = Image.open(io.BytesIO(result.display.data))
    assert display.format == "JPEG" and display.size == (1200, 600) == (result.display.width, result.display.height)
    assert not display.getexif() and "exif" not in display.info and "comment" not in display.info
    assert b"SpyCam" not in result.display.data and b"secret comment" not in result.display.data
    thumb = Image.open(io.BytesIO(result.thumb.data))
    assert thumb.size == (320, 320) and not thumb.getexif()


def test_a_small_image_is_not_enlarged():
    result = images.process(webp((640, 480)), images.Limits())
    assert (result.display.width, result.display.height) == (640, 480)
    assert result.source_type == images.WEBP and result.display.content_type == images.JPEG


def test_transparency_is_kept_as_png_and_opaque_png_becomes_jpeg():
    assert images.process(png(color=(0, 0, 0, 0)), images.Limits()).display.content_type == images.PNG
    assert images.process(png(), images.Limits()).display.content_type == images.JPEG


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    image = Image.new("RGB", (400, 200), (1, 2, 3))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    result = images.process(out.getvalue(), images.Limits())
    assert (result.display.width, result.display.height) == (200, 400)


@pytest.mark.parametrize(("content", "code"), [
    (b"", images.EMPTY),
    (b"GIF89a" + b"\0" * 100, images.NOT_AN_IMAGE),
    (PDF, images.NOT_AN_IMAGE),
    (b"\xff\xd8\xff" + b"not really a jpeg" * 10, images.BROKEN),
])
def test_refusals(content, code):
    with pytest.raises(images.MediaRefused) as refused:
        images.process(content, images.Limits())
    assert refused.value.code == code


def test_too_large_is_refused_before_decoding():
    with pytest.raises(images.MediaRefused) as refused:
        images.process(jpeg(), images.Limits(max_bytes=1000))
    assert refused.value.code == images.TOO_LARGE and refused.value.params == {"limit_mb": "0"}


def test_a_decompression_bomb_is_refused_from_its_header():
    data = bomb()
    assert len(data) < 1 << 20
    with pytest.raises(images.MediaRefused) as refused:
        images.process(data, images.Limits(max_pixels=40_000_000))
    assert refused.value.code == images.TOO_MANY_PIXELS  # Pillow's own bomb check, from the header
    with pytest.raises(images.MediaRefused) as refused:  # under Pillow's limit, over ours
        images.process(bomb(8000), images.Limits(max_pixels=40_000_000))
    assert refused.value.code == images.TOO_MANY_PIXELS and refused.value.params["width"] == 8000


def test_a_pdf_is_a_document_only_where_documents_are_allowed():
    result = images.process(PDF, images.Limits(), allow_pdf=True, label="ISO 9001")
    assert result.display.data == PDF and result.display.content_type == images.PDF
    assert Image.open(io.BytesIO(result.thumb.data)).size == (320, 320)
    with pytest.raises(images.MediaRefused) as refused:
        images.process(PDF[:-8], images.Limits(), allow_pdf=True)
    assert refused.value.code == images.BROKEN


def test_the_same_upload_gives_the_same_renditions():
    data = jpeg()
    first, second = images.process(data, images.Limits()), images.process(data, images.Limits())
    assert first.display.digest == second.display.digest and first.thumb.digest == second.thumb.digest
