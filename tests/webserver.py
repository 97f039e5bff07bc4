"""A small HTTP server on 127.0.0.1 for tests: routes map paths to handlers. No internet."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def send(
    handler: BaseHTTPRequestHandler,
    body: str | bytes,
    ctype: str = "text/html; charset=utf-8",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(data)))
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.end_headers()
    handler.wfile.write(data)


class Server:
    """Serve `routes` in a background thread; `url(path)` gives the full URL."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = routes
        self.hits: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                outer.hits[path] = outer.hits.get(path, 0) + 1
                route = outer.routes.get(path)
                if route is None:
                    send(self, "not found", "text/plain", 404)
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"


def slow(seconds: float) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        send(h, "<p>late</p>")

    return route


def drip(h: BaseHTTPRequestHandler) -> None:
    """A body sent one byte every 0.1 s: each read is quick, the whole never ends in time."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(600):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.1)


def cut_mid_body(h: BaseHTTPRequestHandler) -> None:
    """Promise 100,000 bytes, send a dozen, then close the connection."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"<p>short</p>")
    h.wfile.flush()
    h.connection.shutdown(socket.SHUT_RDWR)


def endless_chunks(h: BaseHTTPRequestHandler) -> None:
    """About 50 MB of HTML in 64 KB chunks, generated on the fly (never held in memory)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    chunk = b"<p>" + b"padding " * 8000 + b"</p>"
    for _ in range(50 * 1024 * 1024 // len(chunk)):
        h.wfile.write(chunk)
