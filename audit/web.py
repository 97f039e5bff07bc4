"""Fetching articles and feeds over HTTP, treating the network as hostile and slow.

- a clear User-Agent; connect/read timeouts; a cap on the body size (streamed, never buffered
  past the cap) and on redirects; only http and https, also after a redirect;
- retries with exponential backoff on 429 and 5xx, honouring Retry-After (bounded), and on
  connections refused or dropped mid-response (transient more often than not);
- content-type checks: a PDF or an image is a clear per-item error, not a crash;
- charset from a byte-order mark, else the Content-Type header, else the page's own
  `<meta charset>`, else UTF-8 when valid, else detected from the bytes (charset_normalizer);
- a body that is really a PDF, an image or an archive is refused whatever its declared type.

Every failure is a `FetchError` whose message fits on one line.
"""

from __future__ import annotations

import codecs
import email.utils
import re
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from audit import __version__, charset, deadline

USER_AGENT = f"audit/{__version__} (+source-reliability auditor)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
    "application/feed+json", "application/json", "application/rdf+xml",
)  # fmt: skip


class FetchError(Exception):
    """A URL that could not be fetched; the message names the reason."""


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 60.0  # a slow drip resets the read timeout; this does not
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30.0


@dataclass
class Page:
    """A fetched resource."""

    url: str
    final_url: str
    status: int
    content_type: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""  # the body as received (decompressed), for parsers that sniff bytes


def is_url(value: str) -> bool:
    """An http(s) URL (a malformed one is not a URL)."""
    try:
        return urlsplit(value).scheme in ("http", "https")
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Raise FetchError unless `url` is a well-formed http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError("only http and https URLs can be fetched")
    if not host:
        raise FetchError("not a valid URL (no host)")
    try:
        host.encode("idna")
    except UnicodeError:
        raise FetchError(f"not a valid host name: {host}") from None


def client(limits: Limits) -> httpx.Client:
    """One pooled client per run (HTTP keep-alive; bodies decoded here, gzip and deflate, with
    the size cap on every layer; each whole request under `limits.total_timeout`)."""
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)  # httpx exposes no backend option: httpcore's pool
    if pool is not None and hasattr(pool, "_network_backend"):
        pool._network_backend = deadline.Backend(pool._network_backend)
    return httpx.Client(
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.5",
            "Accept-Encoding": ", ".join(_CODINGS),
        },
        timeout=timeout,
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        transport=transport,
    )


def size(n: int) -> str:
    """A byte count for messages: '10 MB', '512 KB'."""
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def fetch(
    url: str,
    http: httpx.Client,
    limits: Limits,
    accept: tuple[str, ...] = HTML_TYPES + TEXT_TYPES,
    headers: dict[str, str] | None = None,
) -> Page:
    """GET `url` politely; raises FetchError with a one-line reason. With conditional
    `headers` (If-None-Match, If-Modified-Since), a 304 is a Page with status 304 and no body."""
    check_url(url)
    attempt = 0
    while True:
        attempt += 1
        try:
            return _get(url, http, limits, accept, headers)
        except _Retry as retry:
            if attempt >= limits.retries:
                raise FetchError(
                    f"{retry.reason} after {attempt} attempts"
                    if retry.reason.startswith("HTTP")
                    else f"{retry.reason} (after {attempt} attempts)"
                ) from None
            if retry.wait is not None and retry.wait > limits.max_retry_after:
                raise FetchError(
                    f"{retry.reason}: server asks to retry after {retry.wait:.0f} s "
                    f"(more than the {limits.max_retry_after:g} s limit)"
                ) from None
            time.sleep(_delay(retry.wait, attempt, limits))


def _delay(retry_after: float | None, attempt: int, limits: Limits) -> float:
    """Seconds to wait before the next attempt: Retry-After when given, else backoff."""
    backoff = limits.backoff * 2 ** (attempt - 1)
    return min(max(retry_after or 0.0, backoff), limits.max_retry_after)


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _get(
    url: str,
    http: httpx.Client,
    limits: Limits,
    accept: tuple[str, ...],
    headers: dict[str, str] | None = None,
) -> Page:
    started = time.monotonic()
    try:
        with (
            deadline.within(limits.total_timeout),
            http.stream("GET", url, headers=headers) as response,
        ):
            final = str(response.url)
            if urlsplit(final).scheme not in ("http", "https"):
                raise FetchError(f"redirected to a non-HTTP URL: {final}")
            status = response.status_code
            if status == 304 and headers:  # not modified since the validators we sent
                return Page(url, final, status, "", "", dict(response.headers))
            if status == 429 or 500 <= status < 600:
                raise _Retry(f"HTTP {status}", _retry_after(response.headers.get("retry-after")))
            if status >= 400:
                raise FetchError(f"HTTP {status}")
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not any(ctype == t for t in accept):
                raise FetchError(f"not an article: content type {ctype}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"response larger than {size(limits.max_bytes)}")
            content = _body(response, limits)
            if kind := sniff_binary(content):
                raise FetchError(f"not an article: the body is {kind}")
            text = decode(content, response.charset_encoding)
            return Page(url, final, status, ctype, text, dict(response.headers), content)
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {limits.max_redirects} redirects") from None
    except httpx.TimeoutException as exc:
        if time.monotonic() - started >= limits.total_timeout:
            raise FetchError(f"took longer than {limits.total_timeout:g} s (slow drip)") from None
        raise FetchError(f"timed out ({type(exc).__name__})") from None
    except httpx.UnsupportedProtocol:
        raise FetchError("redirected to an unsupported URL scheme") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    except UnicodeError:
        raise FetchError("not a valid host name") from None
    except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError) as exc:
        raise _Retry(_network(exc), None) from None
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise FetchError(_network(exc)) from None


# what a server may compress a body with; zlib's window bits for each
_CODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def _body(response: httpx.Response, limits: Limits) -> bytes:
    """The body as sent, capped, then decoded through every Content-Encoding layer, each layer
    capped too: httpx's own decoder expands a whole chunk at once ('gzip, gzip' on a 6.6 KB body
    reached 8.2 GB)."""
    header = response.headers.get("content-encoding", "")
    codings = [
        c for c in (p.strip().lower() for p in header.split(",")) if c not in ("", "identity")
    ]
    for coding in codings:
        if coding not in _CODINGS:
            raise FetchError(f"unsupported content encoding: {coding}")
    raw = bytearray()
    for chunk in response.iter_raw():
        raw.extend(chunk)
        if len(raw) > limits.max_bytes:
            raise FetchError(f"response larger than {size(limits.max_bytes)} (stopped)")
    data = bytes(raw)
    for coding in reversed(codings):
        data = _inflate(data, coding, limits.max_bytes)
    return data


def _inflate(data: bytes, coding: str, cap: int) -> bytes:
    """One layer decoded, at most `cap` bytes of it (concatenated gzip members included)."""
    out = bytearray()
    wbits = _CODINGS[coding]
    while data and len(out) <= cap:
        inflater = zlib.decompressobj(wbits)
        try:
            out += inflater.decompress(data, cap + 1 - len(out))
        except zlib.error:
            if coding == "deflate" and wbits > 0:  # servers send raw deflate as often as zlib
                wbits = -zlib.MAX_WBITS
                continue
            raise FetchError(f"corrupt {coding} body") from None
        if inflater.unconsumed_tail:  # stopped at the cap with input left
            break
        data = inflater.unused_data
    if len(out) > cap:
        raise FetchError(f"response larger than {size(cap)} once decompressed (stopped)")
    return bytes(out)


def _network(exc: Exception) -> str:
    return f"network error: {type(exc).__name__}: {exc}".strip().rstrip(":")[:200]


_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)


def sniff_binary(content: bytes) -> str | None:
    """What a body is when its first bytes say it is not text, else None."""
    head = content[:16]
    if head.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return "a WebP image"
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def decode(content: bytes, declared: str | None) -> str:
    """Text from bytes: declared charset, BOM, <meta charset>, detection, UTF-8 (lenient)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if content.startswith(bom):
            return content.decode(name, errors="replace")
    for name in (declared, _meta_charset(content)):
        if name:
            try:
                return content.decode(name, errors="replace")
            except LookupError:
                continue  # an unknown charset name: fall through to detection
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode(charset.detect(content), errors="replace")


def _meta_charset(content: bytes) -> str | None:
    m = _META_CHARSET.search(content[:4096])
    return m.group(1).decode("ascii") if m else None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None
