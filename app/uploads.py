"""Uploaded files, stored under ``UPLOAD_DIR`` (outside the web root) with random names and
served only by routes that check who may see them.

Photos: sniffed by content (JPEG, PNG or WebP, whatever the name or declared type says),
at most ``MAX_PHOTO_BYTES``, re-encoded as JPEG so that no metadata survives (GPS position,
camera, EXIF, XMP, ICC, text chunks), with a thumbnail.

PDF documents (a call's documents, an application's attachments): sniffed by content (a
PDF header and end-of-file marker, whatever the name or declared type says), at most
``MAX_PDF_BYTES``, stored as sent.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import warnings
from pathlib import Path

from flask import current_app, send_file
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from app.errors import InvalidInput, NotFound
from app.extensions import db
from app.models import Photo, StoredFile

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger images are refused (decompression bombs)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 2000  # the stored photo
THUMB_SIDE = 480
QUALITY = 85


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def read_limited(stream, field: str = "photo", limit: int = MAX_PHOTO_BYTES) -> bytes:
    """Read an uploaded file, refusing it once it passes ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput({field: [_too_large(limit)]})
    return data


def _too_large(limit: int) -> str:
    if limit == MAX_PHOTO_BYTES:
        return _("The photo is larger than 5 MB.")
    return _("The file is larger than %(mb)s MB.", mb=limit // (1024 * 1024))


def clean_image(data: bytes, field: str = "photo") -> Image.Image:
    """The decoded image of ``data`` with its orientation applied and no metadata, or
    ``InvalidInput`` when it is not a JPEG, PNG or WebP image that can be read."""
    if not data:
        raise InvalidInput({field: [_("The photo is empty.")]})
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput({field: [_("The photo is larger than 5 MB.")]})
    refused = InvalidInput({field: [_("The file is not a JPEG, PNG or WebP image.")]})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise refused
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInput({field: [_("The photo has too many pixels.")]})
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except InvalidInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput({field: [_("The photo has too many pixels.")]}) from None
    except UnidentifiedImageError:
        raise refused from None
    except (OSError, ValueError, SyntaxError, EOFError, TypeError, IndexError):
        raise refused from None
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a broken orientation tag: keep the pixels as they are
        current_app.logger.info("photo orientation tag ignored")
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    # A fresh image from the pixels alone: nothing of the original's metadata comes along.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def _encode(image: Image.Image, side: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue(), copy.width, copy.height


def save_photo(data: bytes, owner=None, field: str = "photo") -> Photo:
    """Check, re-encode and store a photo and its thumbnail; the ``Photo`` row is added to
    the session (the caller commits; on failure call :func:`discard`)."""
    image = clean_image(data, field)
    full, width, height = _encode(image, MAX_SIDE)
    thumb, _w, _h = _encode(image, THUMB_SIDE)
    token = secrets.token_hex(16)
    relative = Path("photos") / token[:2] / f"{token}.jpg"
    relative_thumb = Path("photos") / token[:2] / f"{token}.thumb.jpg"
    root = upload_dir()
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_bytes(full)
    (root / relative_thumb).write_bytes(thumb)
    photo = Photo(
        owner_id=getattr(owner, "id", None),
        path=relative.as_posix(),
        thumb_path=relative_thumb.as_posix(),
        content_type="image/jpeg",
        width=width,
        height=height,
        size=len(full),
    )
    db.session.add(photo)
    return photo


def discard(photo: Photo | None) -> None:
    """Remove a photo's files (after a failed transaction, or when it is replaced)."""
    if photo is None:
        return
    root = upload_dir()
    for relative in (photo.path, photo.thumb_path):
        try:
            os.remove(root / relative)
        except (OSError, TypeError):
            pass


def photo_file(photo: Photo, thumb: bool = False) -> Path:
    """The stored file of ``photo`` (paths are ours, never taken from the upload)."""
    return upload_dir() / (photo.thumb_path if thumb else photo.path)


def _display_name(name: str) -> str:
    """The uploaded file's name, only to show: no path, no control characters, ends in .pdf."""
    base = re.sub(r"[\x00-\x1f\x7f/\\]+", " ", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip()
    base = base[:150] or "documento"
    return base if base.lower().endswith(".pdf") else f"{base}.pdf"


def check_pdf(data: bytes, field: str = "file") -> None:
    """``InvalidInput`` unless ``data`` is a PDF (by its bytes) of at most ``MAX_PDF_BYTES``."""
    if not data:
        raise InvalidInput({field: [_("The file is empty.")]})
    if len(data) > MAX_PDF_BYTES:
        raise InvalidInput({field: [_too_large(MAX_PDF_BYTES)]})
    if not data[:1024].lstrip(b"\r\n\t \x00\xef\xbb\xbf").startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise InvalidInput({field: [_("The file is not a PDF document.")]})


def save_pdf(data: bytes, name: str, owner=None, field: str = "file") -> StoredFile:
    """Check and store a PDF; the ``StoredFile`` row is added to the session (the caller
    commits; on failure call :func:`discard_file`)."""
    check_pdf(data, field)
    token = secrets.token_hex(16)
    relative = Path("documents") / token[:2] / f"{token}.pdf"
    target = upload_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    stored = StoredFile(
        owner_id=getattr(owner, "id", None),
        path=relative.as_posix(),
        name=_display_name(name),
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.add(stored)
    return stored


def stored_path(stored: StoredFile) -> Path:
    return upload_dir() / stored.path


def send_pdf(stored: StoredFile):
    """The response that downloads a stored PDF under its own name (404 when the file is gone)."""
    path = stored_path(stored)
    if not path.is_file():
        raise NotFound()
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=stored.name)


def discard_file(stored: StoredFile | None) -> None:
    if stored is not None:
        try:
            os.remove(stored_path(stored))
        except (OSError, TypeError):
            pass
