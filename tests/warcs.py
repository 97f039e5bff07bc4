"""Small WARC archives for tests (warcio): pages of a site, and records that are not pages."""

from __future__ import annotations

import html
from io import BytesIO
from pathlib import Path


def page(title: str, text: str, footer: str = "") -> bytes:
    """An article page: the title as <h1>, one <p> per paragraph, then the site's footer line."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    foot = f"<p>{html.escape(footer)}</p>" if footer else ""
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>"
        f"<article><h1>{html.escape(title)}</h1>{paras}{foot}</article></body></html>"
    ).encode()


def write_warc(
    path: Path,
    pages: list[tuple[str, bytes]],
    *,
    others: bool = True,
    gzip: bool | None = None,
) -> Path:
    """A WARC of each (URI, HTML) as a 200 text/html response with its request record; with
    `others`, also an image response, a 404 page and a metadata record (none are pages)."""
    from warcio.warcwriter import WARCWriter

    gz = path.name.endswith(".gz") if gzip is None else gzip
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for n, (uri, body) in enumerate(pages):
            writer.write_record(_response(writer, uri, body, "text/html; charset=utf-8"))
            request = writer.create_warc_record(uri, "request", payload=BytesIO(b""), length=0)
            writer.write_record(request)
            if others and n == 0:
                image = _response(writer, uri + ".jpg", b"\xff\xd8\xff\xe0JFIF", "image/jpeg")
                writer.write_record(image)
                missing = _response(writer, uri + "/gone", b"<html>gone</html>", "text/html", "404")
                writer.write_record(missing)
                meta = writer.create_warc_record(uri, "metadata", payload=BytesIO(b"x: y\n"))
                writer.write_record(meta)
    return path


def _response(writer, uri: str, body: bytes, ctype: str, status: str = "200"):
    from warcio.statusandheaders import StatusAndHeaders

    reason = "OK" if status == "200" else "Not Found"
    headers = StatusAndHeaders(f"{status} {reason}", [("Content-Type", ctype)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri, "response", payload=BytesIO(body), length=len(body), http_headers=headers
    )
