"""Fetching articles and feeds over HTTP, treating the network as hostile and slow.

- a clear User-Agent; connect/read timeouts; a cap on the body size (streamed, never buffered
  past the cap) and on redirects; only http and https, also after a redirect;
- retries with exponential backoff on 429 and 5xx, honouring Retry-After (bounded);
- content-type checks: a PDF or an image is a clear per-item error, not a crash;
- charset from the headers, else detected from the bytes (charset_normalizer, via httpx).

Every failure is a `FetchError` whose message fits on one line.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from audit import __version__

USER_AGENT = f"audit/{__version__} (+source-reliability auditor; respects robots and rate limits)"
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


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


def client(limits: Limits) -> httpx.Client:
    """One pooled client per run (HTTP keep-alive, gzip/deflate/brotli as httpx handles them)."""
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"},
        timeout=timeout,
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        default_encoding=_detect_encoding,
    )


def _detect_encoding(content: bytes) -> str:
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(content[:65536]).best()
        return best.encoding if best else "utf-8"
    except Exception:  # detection is best effort; utf-8 with replacement is the fallback
        return "utf-8"


def fetch(
    url: str, http: httpx.Client, limits: Limits, accept: tuple[str, ...] = HTML_TYPES + TEXT_TYPES
) -> Page:
    """GET `url` politely; raises FetchError with a one-line reason."""
    if not is_url(url):
        raise FetchError("only http and https URLs can be fetched")
    attempt = 0
    while True:
        attempt += 1
        try:
            return _get(url, http, limits, accept)
        except _Retry as retry:
            if attempt >= limits.retries:
                raise FetchError(retry.reason) from None
            time.sleep(
                min(retry.wait or limits.backoff * 2 ** (attempt - 1), limits.max_retry_after)
            )


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _get(url: str, http: httpx.Client, limits: Limits, accept: tuple[str, ...]) -> Page:
    try:
        with http.stream("GET", url) as response:
            final = str(response.url)
            if urlsplit(final).scheme not in ("http", "https"):
                raise FetchError(f"redirected to a non-HTTP URL: {final}")
            status = response.status_code
            if status == 429 or 500 <= status < 600:
                raise _Retry(f"HTTP {status}", _retry_after(response.headers.get("retry-after")))
            if status >= 400:
                raise FetchError(f"HTTP {status}")
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not any(ctype == t for t in accept):
                raise FetchError(f"not an article: content type {ctype}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"response larger than {limits.max_bytes // (1024 * 1024)} MB")
            body = bytearray()
            deadline = time.monotonic() + limits.total_timeout
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:
                    raise FetchError(f"took longer than {limits.total_timeout:g} s (slow drip)")
                body.extend(chunk)
                if len(body) > limits.max_bytes:
                    raise FetchError(
                        f"response larger than {limits.max_bytes // (1024 * 1024)} MB (stopped)"
                    )
            response._content = bytes(body)  # let httpx decode with its charset logic
            text = response.text
            return Page(url, final, status, ctype, text, dict(response.headers))
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {limits.max_redirects} redirects") from None
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({type(exc).__name__})") from None
    except httpx.UnsupportedProtocol:
        raise FetchError("redirected to an unsupported URL scheme") from None
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise FetchError(f"network error: {type(exc).__name__}: {exc}".strip()[:200]) from None


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
