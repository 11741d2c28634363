"""Photos of needs: sniffed by content, size-limited, re-encoded without metadata, stored
outside static/, served only to people who may see the need."""

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from app.errors import InvalidInput
from app.models import Need, Photo, Role
from app.uploads import MAX_PHOTO_BYTES, clean_image
from tests import factories
from tests.factories import needs as fn
from tests.factories.needs import english

pytestmark = pytest.mark.usefixtures("in_english_request", "english")
assert english


def _post(client, data: bytes, filename="foto.jpg", title="Marciapiede crollato davanti al portone"):
    return client.post(
        "/c/bari/needs/new",
        data={
            "title": title,
            "body": "Il marciapiede è crollato e non si passa con il passeggino.",
            "category": "public_space",
            "photo": (io.BytesIO(data), filename),
        },
        content_type="multipart/form-data",
    )


@pytest.fixture
def poster(client, login, resident):
    login(resident)
    return resident


def _files(app) -> set[Path]:
    return {p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()}


def test_a_jpeg_with_gps_is_stored_without_any_metadata(client, poster, db, app):
    original = fn.image_bytes("JPEG", size=(640, 480), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test image does carry GPS
    assert _post(client, original).status_code == 302
    need = db.session.scalar(sa.select(Need))
    photo = need.photo
    stored = Path(app.config["UPLOAD_DIR"]) / photo.path
    assert stored.is_file() and "static" not in stored.parts
    data = stored.read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (640, 480)
    assert not image.getexif() and "exif" not in image.info
    assert b"GPS" not in data and b"SpyCam" not in data and b"Exif" not in data
    thumb = Image.open(Path(app.config["UPLOAD_DIR"]) / photo.thumb_path)
    assert max(thumb.size) == 480 and not thumb.getexif()
    served = client.get(f"/needs/{need.id}/photo/thumb")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted_and_re_encoded(client, poster, db, fmt):
    assert _post(client, fn.image_bytes(fmt, gps=(fmt == "WEBP")), filename="immagine.bin").status_code == 302
    need = db.session.scalar(sa.select(Need))
    served = client.get(f"/needs/{need.id}/photo")
    assert Image.open(io.BytesIO(served.data)).format == "JPEG"
    assert b"GPS" not in served.data


@pytest.mark.parametrize(
    "data, filename",
    [
        (b"Questo e' un file di testo, non una foto.\n" * 20, "foto.jpg"),
        (b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10, "foto.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "foto.png"),
        ("gif", "animazione.jpg"),
    ],
)
def test_files_that_lie_about_their_type_are_refused(client, poster, db, app, data, filename):
    if data == "gif":
        out = io.BytesIO()
        Image.new("RGB", (10, 10)).save(out, "GIF")
        data = out.getvalue()
    before = _files(app)
    response = _post(client, data, filename)
    assert response.status_code == 422
    assert "not a JPEG, PNG or WebP image" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == 0
    assert _files(app) == before


def test_a_photo_over_5_mb_is_refused_with_a_clear_message(client, poster, db, app):
    data = fn.image_bytes() + b"\0" * MAX_PHOTO_BYTES
    before = _files(app)
    response = _post(client, data)
    assert response.status_code == 422
    assert "larger than 5 MB" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0
    assert _files(app) == before


def test_a_request_over_the_upload_limit_is_413_not_a_crash(client, poster, db, app):
    response = _post(client, b"\0" * (app.config["MAX_CONTENT_LENGTH"] + 1024 * 1024))
    assert response.status_code == 413
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == 0


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    assert len(out.getvalue()) < MAX_PHOTO_BYTES
    with pytest.raises(InvalidInput) as caught:
        clean_image(out.getvalue())
    assert "pixels" in caught.value.fields["photo"][0]


def test_a_rotated_phone_photo_is_turned_upright():
    image = Image.new("RGB", (40, 20), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert clean_image(out.getvalue()).size == (20, 40)


def test_the_photo_of_a_hidden_need_is_served_only_to_who_may_see_it(client, login, city, db):
    author = factories.create_user(city=city)
    login(author)
    _post(client, fn.image_bytes())
    need = db.session.scalar(sa.select(Need))
    need.hidden = True
    db.session.commit()
    assert client.get(f"/needs/{need.id}/photo").status_code == 200  # the author
    login(factories.create_user(city=city))
    assert client.get(f"/needs/{need.id}/photo").status_code == 404
    assert client.get(f"/needs/{need.id}/photo/thumb").status_code == 404
    login(factories.create_user(role=Role.STAFF, city=city))
    assert client.get(f"/needs/{need.id}/photo").status_code == 200


def test_a_need_without_photo_has_no_photo_url(client, city):
    need = fn.create_need(city)
    assert client.get(f"/needs/{need.id}/photo").status_code == 404
    assert client.get(f"/api/v1/needs/{need.id}").json["photo_url"] is None
