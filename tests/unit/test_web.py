"""Fetching over HTTP (audit.web), served from 127.0.0.1: every network fault is one clear
per-item error, and the client is polite (User-Agent, retries honouring Retry-After)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib

import httpx
import pytest

from audit import __version__, web
from audit.inputs import InputError, Item, Reader
from tests.webserver import Server, cut_mid_body, drip, endless_chunks, send, slow

PAGE = (
    "<html><head><title>Bridge Repairs Begin</title></head><body><article>"
    "<h1>Bridge Repairs Begin</h1><p>Crews began repairs on the Mill Street bridge on Monday, "
    "the county said in a statement.</p></article></body></html>"
)
LATIN1 = (
    '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 Reopens</title></head><body><article>'
    "<h1>Caf\xe9 Reopens</h1><p>The caf\xe9 on the square reopened on Monday after a fire, "
    "its owner Ren\xe9e Dubois said.</p></article></body></html>"
).encode("latin-1")


def fast_limits(**overrides: float) -> web.Limits:
    """Small limits so the fault tests stay fast (timeouts are configurable for this)."""
    base = {
        "read_timeout": 0.5,
        "connect_timeout": 0.5,
        "total_timeout": 1.0,
        "max_bytes": 2 * 1024 * 1024,
        "backoff": 0.01,
        "max_retry_after": 2.0,
    }
    return web.Limits(**{**base, **overrides})


def busy_then_ok(status: int, retry_after: str | None, failures: int = 1):
    """A route answering `status` `failures` times, then the page."""
    state = {"n": 0}

    def route(h) -> None:
        state["n"] += 1
        if state["n"] <= failures:
            headers = {"Retry-After": retry_after} if retry_after else {}
            send(h, "busy", "text/plain", status, headers)
        else:
            send(h, PAGE)

    return route


def drops_then_ok(failures: int = 1):
    """A route that cuts the connection mid-body `failures` times, then serves the page."""
    state = {"n": 0}

    def route(h) -> None:
        state["n"] += 1
        if state["n"] > failures:
            send(h, PAGE)
        else:
            cut_mid_body(h)

    return route


GZIP, DEFLATE = {"Content-Encoding": "gzip"}, {"Content-Encoding": "deflate"}


def header_drip(h) -> None:
    """Headers sent one line every 0.3 s: each read is quick, the headers never end in time
    (the body's deadline did not cover them: 151 s with --timeout 5)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    for n in range(40):
        h.send_header(f"X-Drip-{n}", "x")
        h.flush_headers()
        time.sleep(0.3)
    h.end_headers()
    h.wfile.write(PAGE.encode())


def gzip_gzip(h) -> None:
    """'Content-Encoding: gzip, gzip': a few KB that would expand to gigabytes in one chunk."""
    inner = gzip.compress(b"<p>" + b"a" * (30 * 1024 * 1024) + b"</p>", compresslevel=1)
    send(h, gzip.compress(inner, compresslevel=9), headers={"Content-Encoding": "gzip, gzip"})


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def routes(seen_headers: list[dict[str, str]]) -> dict:
    def echo(h) -> None:
        seen_headers.append(dict(h.headers))
        send(h, PAGE)

    return {
        "/page": echo,
        "/slow": slow(2.0),
        "/drip": drip,
        "/header-drip": header_drip,
        "/gzip-gzip": gzip_gzip,
        "/gzip": lambda h: send(
            h, gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"}
        ),
        "/deflate-raw": lambda h: send(
            h, _raw_deflate(PAGE.encode()), headers={"Content-Encoding": "deflate"}
        ),
        "/loop": lambda h: send(h, "", status=302, headers={"Location": "/loop"}),
        "/big": endless_chunks,
        "/pdf": lambda h: send(h, b"%PDF-1.7 ...", "application/pdf"),
        "/png": lambda h: send(h, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        "/pdf-as-html": lambda h: send(h, b"%PDF-1.7 ...", "text/html"),
        "/to-file": lambda h: send(h, "", status=302, headers={"Location": "file:///etc/passwd"}),
        "/gone": lambda h: send(h, "gone", "text/plain", 410),
        "/429": busy_then_ok(429, "1"),
        "/503": busy_then_ok(503, None),
        "/always-503": busy_then_ok(503, "0", failures=100),
        "/429-long": busy_then_ok(429, "3600"),
        "/drop-once": drops_then_ok(),
        "/always-drops": drops_then_ok(failures=100),
        "/latin1": lambda h: send(h, LATIN1, "text/html"),
        "/latin1-header": lambda h: send(h, LATIN1, "text/html; charset=ISO-8859-1"),
    }


@pytest.fixture(scope="module")
def served():
    headers: list[dict[str, str]] = []
    with Server(routes(headers)) as server:
        yield server, headers


def read(server: Server, path: str, **limits: float):
    return Reader(fast_limits(**limits)).read(Item(server.url(path), url=server.url(path)))


def test_user_agent_names_the_tool(served) -> None:
    server, headers = served
    doc = read(server, "/page")
    assert doc.title == "Bridge Repairs Begin"
    assert headers[-1]["User-Agent"] == f"audit/{__version__} (+source-reliability auditor)"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow", "timed out (ReadTimeout)"),
        ("/drip", "took longer than 1 s (slow drip)"),
        ("/header-drip", "took longer than 1 s (slow drip)"),
        ("/gzip-gzip", "response larger than 2 MB once decompressed (stopped)"),
        ("/loop", "more than 5 redirects"),
        ("/big", "response larger than 2 MB (stopped)"),
        ("/pdf", "not an article: content type application/pdf"),
        ("/png", "not an article: content type image/png"),
        ("/pdf-as-html", "not an article: the body is a PDF"),
        ("/missing", "HTTP 404"),
        ("/gone", "HTTP 410"),
        ("/to-file", "redirected to an unsupported URL scheme"),
    ],
)
def test_network_faults_are_one_line_per_item_errors(served, path: str, reason: str) -> None:
    server, _ = served
    with pytest.raises(InputError) as info:
        read(server, path)
    assert info.value.message == reason
    assert info.value.source == server.url(path)
    assert "\n" not in str(info.value)


def test_fifty_megabyte_response_is_cut_at_the_cap(served) -> None:
    server, _ = served
    with pytest.raises(InputError, match=r"larger than 512 KB \(stopped\)"):
        read(server, "/big", max_bytes=512 * 1024)
    assert server.hits["/big"] >= 1


def test_429_is_retried_after_retry_after(served) -> None:
    server, _ = served
    doc = read(server, "/429")
    assert doc.title == "Bridge Repairs Begin"
    assert server.hits["/429"] == 2


def test_503_is_retried_with_backoff_then_given_up(served) -> None:
    server, _ = served
    assert read(server, "/503").title == "Bridge Repairs Begin"
    assert server.hits["/503"] == 2
    with pytest.raises(InputError) as info:
        read(server, "/always-503", retries=3)
    assert info.value.message == "HTTP 503 after 3 attempts"
    assert server.hits["/always-503"] == 3


def test_a_retry_after_beyond_the_bound_is_not_waited_for(served) -> None:
    server, _ = served
    with pytest.raises(InputError) as info:
        read(server, "/429-long")
    assert info.value.message == (
        "HTTP 429: server asks to retry after 3600 s (more than the 2 s limit)"
    )
    assert server.hits["/429-long"] == 1


def test_retry_waits_honour_retry_after_and_are_bounded(monkeypatch) -> None:
    limits = fast_limits(backoff=0.5, max_retry_after=10.0)
    assert web._delay(None, 1, limits) == 0.5
    assert web._delay(None, 3, limits) == 2.0  # exponential backoff
    assert web._delay(4.0, 1, limits) == 4.0  # Retry-After wins over a shorter backoff
    assert web._delay(None, 10, limits) == 10.0  # never beyond the bound
    assert web._retry_after("7") == 7.0
    assert web._retry_after("soon") is None
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))
    assert 0 < web._retry_after(when) <= 60


@pytest.mark.parametrize("path", ["/latin1", "/latin1-header"])
def test_charset_from_meta_or_header(served, path: str) -> None:
    server, _ = served
    doc = read(server, path)
    assert doc.title == "Café Reopens"
    assert "Renée Dubois" in doc.text


def test_decode_without_any_declaration_detects_the_charset() -> None:
    text = "Le café a rouvert lundi après un incendie, a déclaré sa propriétaire Renée."
    assert web.decode(text.encode("utf-8"), None) == text
    assert web.decode(codecs_bom_utf16(text), None) == text
    assert "Renée" in web.decode((text * 5).encode("cp1252"), None)


def codecs_bom_utf16(text: str) -> bytes:
    import codecs

    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
        ("https://", "not a valid URL (no host)"),
        ("http://a..b/", "not a valid host name: a..b"),
        ("http://example.com:99999/", "not a valid URL (Port out of range 0-65535)"),
    ],
)
def test_malformed_urls_are_clear_errors(url: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        Reader(fast_limits()).read(Item(url, url=url))
    assert info.value.message == reason


def test_connection_refused_is_retried_then_a_network_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(InputError, match=r"^x: network error: ConnectError.*\(after 3 attempts\)$"):
        Reader(fast_limits()).read(Item("x", url=f"http://127.0.0.1:{port}/"))


def test_a_dropped_connection_is_retried(served) -> None:
    server, _ = served
    assert read(server, "/drop-once").title == "Bridge Repairs Begin"
    assert server.hits["/drop-once"] == 2
    with pytest.raises(InputError) as info:
        read(server, "/always-drops", retries=2)
    assert info.value.message.startswith("network error: ")
    assert info.value.message.endswith("(after 2 attempts)")
    assert server.hits["/always-drops"] == 2


def test_many_urls_at_most_two_at_once_per_host(capsys) -> None:
    """`--concurrency 4` with six URLs of one host: never more than two requests at once."""
    from audit.cli import main

    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def tracked(h) -> None:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.2)
        with lock:
            state["now"] -= 1
        send(h, PAGE.replace("Monday", h.path.strip("/")))

    paths = [f"/p{i}" for i in range(6)]
    with Server(dict.fromkeys(paths, tracked)) as server:
        code = main(["run", *(server.url(p) for p in paths), "--concurrency", "4", "-f", "json"])
    out = capsys.readouterr()
    assert code == 0
    assert state["peak"] == 2
    # stderr is not a terminal: no progress bar, only the closing line
    assert out.err == "audit: 6 documents, 0 findings (0 error, 0 warning, 0 info); passed\n"
    assert out.out.lstrip().startswith("{")  # JSON stays machine-clean


def test_concurrency_must_be_positive(capsys) -> None:
    from audit.cli import main

    with pytest.raises(SystemExit):
        main(["run", "x.txt", "--concurrency", "0"])
    assert "must be a whole number of at least 1" in capsys.readouterr().err


def test_client_decompresses_and_caps_redirects() -> None:
    client = web.client(fast_limits(max_redirects=3))
    try:
        assert client.max_redirects == 3
        assert client.headers["User-Agent"].startswith("audit/")
        assert isinstance(client.timeout, httpx.Timeout)
        assert client.timeout.connect == 0.5 and client.timeout.read == 0.5
    finally:
        client.close()


@pytest.mark.parametrize("path", ["/gzip", "/deflate-raw"])
def test_compressed_pages_are_decoded(served, path: str) -> None:
    server, _ = served
    assert read(server, path).title == "Bridge Repairs Begin"
