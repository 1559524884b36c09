"""Fetching a URL without surprises: http(s) only, time limits, size caps, a name.

Every failure raises `FetchError` with a one-line reason, which ingest records as
the input's rejection.

- **Private addresses** (loopback, private, link-local, multicast, reserved) are
  refused by default (`block_private=True`): feeds are untrusted input, and an
  entry link or a redirect to `169.254.169.254` or `10.0.0.1` must not make
  storyline a proxy into the user's network. The check runs on the addresses the
  connection actually uses, after DNS resolution, at every redirect hop, so a
  name that resolves to a private address (or changes its answer between a check
  and the connection) is refused too. Local test servers need `block_private=False`
  (`storyline ingest --allow-private`). Proxies from the environment are not used
  while private addresses are blocked: the proxy, not storyline, would resolve the
  name.
- **Time**: `timeout` bounds each socket operation and `deadline` the whole fetch
  (connection, redirects, headers and body): a server that sends a byte every few
  seconds cannot hold a fetch longer than the deadline.
- **Size**: `max_bytes` caps the body as sent and, for a gzip or deflate body,
  as decompressed, while streaming: a small compressed bomb never grows in memory.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from storyline.reasons import Reason, reason

USER_AGENT = "storyline/0.1 (news ingest)"
# Seconds one socket operation (connect, one read) may wait: a healthy news site
# answers in well under a second; 20 s leaves room for a slow mobile uplink.
DEFAULT_TIMEOUT = 20.0
# Seconds one whole fetch may take, redirects and body included: three slow reads.
DEFAULT_DEADLINE = 60.0
DEFAULT_MAX_BYTES = 20_000_000
ALLOWED_SCHEMES = ("http", "https")
# Bytes read from the socket at a time: the deadline and the caps are checked per chunk.
READ_CHUNK = 65536
GZIP_MAGIC = b"\x1f\x8b"


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in one line.

    `status` is the HTTP status when the server answered with an error;
    `retry_after` the seconds it asked to wait (429/503 with Retry-After)."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        """Worth retrying: a timeout, a refused connection, a 429 or a 5xx; not a 404,
        a refused address, a size cap or a redirect loop."""
        if self.status is not None:
            return self.status == HTTP_TOO_MANY or self.status >= HTTP_SERVER_ERROR
        text = str(self)
        return text.startswith(("timed out", "took longer", "cannot connect"))


def fetch_reason(exc: BaseException, link: str | None = None) -> Reason:
    """Why a URL (an input's, or `link`, a feed entry's page) could not be fetched;
    an HTTP error's status is a parameter of its own."""
    detail = str(exc).strip() or type(exc).__name__
    status = exc.status if isinstance(exc, FetchError) else None
    if link is None:
        if status is not None:
            return reason("fetch_http", status=status, detail=detail)
        return reason("fetch_failed", detail=detail)
    if status is not None:
        return reason("entry_fetch_http", link=link, status=status, detail=detail)
    return reason("entry_fetch_failed", link=link, detail=detail)


# Statuses that say "try again later".
HTTP_TOO_MANY = 429
HTTP_SERVER_ERROR = 500
HTTP_NOT_MODIFIED = 304


@dataclass
class Response:
    """A fetched answer: 200 with its body, or 304 (not modified) with none.
    `url` is the address after redirects; `headers` keeps the validators."""

    status: int
    body: bytes
    url: str
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


def check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a non-numeric port raises here
    except ValueError as exc:
        raise FetchError(f"malformed URL: {exc}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"unsupported URL scheme '{parts.scheme}' (only http and https)")
    if not parts.hostname:
        raise FetchError("URL has no host")


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _permitted(address: str, allowed: tuple[Network, ...]) -> bool:
    """A public unicast address, or one inside a network explicitly allowed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    if any(ip.version == net.version and ip in net for net in allowed):
        return True
    return ip.is_global and not ip.is_multicast


class _Connector:
    """`socket.create_connection` for one fetch: resolves the host, refuses it when
    any of its addresses is not public (if asked to), connects to a vetted address,
    and keeps the socket so the deadline can cut it."""

    def __init__(self, block_private: bool, deadline_at: float, allowed: tuple[Network, ...] = ()) -> None:
        self.block_private = block_private
        self.allowed = allowed
        self.deadline_at = deadline_at
        self.sock: socket.socket | None = None
        self.lock = threading.Lock()
        self.expired = False

    def __call__(
        self, address: tuple[str, int], timeout: float | None = None, source_address: Any = None
    ) -> socket.socket:
        host, port = address
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"cannot resolve host {host}: {exc}") from exc
        if self.block_private:
            for info in infos:
                if not _permitted(str(info[4][0]), self.allowed):
                    raise FetchError(
                        f"host {host} resolves to a non-public address ({info[4][0]}); "
                        "use --allow-private for local servers"
                    )
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            remaining = self.deadline_at - time.monotonic()
            if remaining <= 0:
                break
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(min(timeout or remaining, remaining))
                if source_address:
                    sock.bind(source_address)
                with self.lock:
                    self.sock = sock
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                error = exc
                sock.close()
        raise error or TimeoutError("deadline passed while connecting")

    def cut(self) -> None:
        """The deadline passed: end whatever the socket is waiting for."""
        with self.lock:
            self.expired = True
            if self.sock is not None:
                try:
                    self.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def _connection_class(base: type[http.client.HTTPConnection], connector: _Connector) -> Any:
    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = base(host, **kwargs)
        conn._create_connection = connector  # type: ignore[attr-defined]
        return conn

    return make


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, connector: _Connector) -> None:
        super().__init__()
        self.connector = connector

    def http_open(self, req: Any) -> Any:
        return self.do_open(_connection_class(http.client.HTTPConnection, self.connector), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, connector: _Connector) -> None:
        super().__init__()
        self.connector = connector

    def https_open(self, req: Any) -> Any:
        return self.do_open(
            _connection_class(http.client.HTTPSConnection, self.connector),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Every hop is checked like the first URL (its address at connection time)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Body:
    """The body as it streams in: caps its size as sent and as decompressed."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.parts: list[bytes] = []
        self.size = 0
        self.raw_size = 0
        self.inflater: Any = None
        if encoding in ("gzip", "x-gzip"):
            self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.inflater = zlib.decompressobj()
        self.sniffed = self.inflater is not None

    def add(self, chunk: bytes) -> None:
        self.raw_size += len(chunk)
        if self.raw_size > self.max_bytes:
            raise FetchError(f"response is over the limit of {self.max_bytes} bytes")
        if not self.sniffed:  # gzip bytes without a Content-Encoding header
            self.sniffed = True
            if chunk.startswith(GZIP_MAGIC):
                self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.inflater is None:
            self._keep(chunk)
            return
        try:
            # Never more out than the cap allows, however small the input chunk.
            out = self.inflater.decompress(chunk, self.max_bytes - self.size + 1)
        except zlib.error as exc:
            raise FetchError(f"broken compressed response: {exc}") from exc
        self._keep(out)
        if self.inflater.unconsumed_tail:
            raise FetchError(f"response decompresses to more than {self.max_bytes} bytes")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise FetchError(f"response decompresses to more than {self.max_bytes} bytes")
        self.parts.append(data)

    def bytes(self) -> bytes:
        if self.inflater is not None and not self.inflater.eof:
            raise FetchError("compressed response ended early")
        return b"".join(self.parts)


@dataclass
class Fetcher:
    """A callable `url -> bytes` for `ingest(fetch=...)`. Safe to call from threads."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    block_private: bool = True
    user_agent: str = USER_AGENT
    deadline: float = DEFAULT_DEADLINE
    # Networks let through although private, e.g. ("127.0.0.0/8",) for one local
    # service while the rest of the private ranges stay refused.
    allow_networks: tuple[str, ...] = ()

    def __call__(self, url: str) -> bytes:
        return self.get(url).body

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch `url`, sending the validators of an earlier answer (conditional GET);
        a 304 comes back as a `Response` with status 304 and no body."""
        check_url(url)
        allowed = tuple(ipaddress.ip_network(n, strict=False) for n in self.allow_networks)
        connector = _Connector(self.block_private, time.monotonic() + self.deadline, allowed)
        handlers: list[Any] = [_HTTP(connector), _HTTPS(connector), _SafeRedirects()]
        if self.block_private:
            handlers.append(urllib.request.ProxyHandler({}))
        opener = urllib.request.build_opener(*handlers)
        headers = {"User-Agent": self.user_agent, "Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        watchdog = threading.Timer(self.deadline, connector.cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._read(opener, request, connector)
        except FetchError:
            raise
        except urllib.error.HTTPError as exc:
            if exc.code == HTTP_NOT_MODIFIED:
                exc.close()
                return Response(
                    HTTP_NOT_MODIFIED, b"", exc.geturl() or url, etag=etag, last_modified=last_modified
                )
            raise self._explain(exc) from exc
        except Exception as exc:
            if connector.expired:
                raise FetchError(f"took longer than the limit of {self.deadline:g} s") from exc
            raise self._explain(exc) from exc
        finally:
            watchdog.cancel()

    def _read(self, opener: Any, request: Any, connector: _Connector) -> Response:
        with opener.open(request, timeout=min(self.timeout, self.deadline)) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > self.max_bytes:
                raise FetchError(f"response of {length} bytes is over the limit of {self.max_bytes}")
            body = _Body((response.headers.get("Content-Encoding") or "").strip().lower(), self.max_bytes)
            while chunk := response.read(READ_CHUNK):
                body.add(chunk)
            if connector.expired:
                raise FetchError(f"took longer than the limit of {self.deadline:g} s")
            head = response.headers
            return Response(
                status=response.status,
                body=body.bytes(),
                url=response.geturl(),
                content_type=(head.get("Content-Type") or "").split(";")[0].strip().lower(),
                etag=head.get("ETag"),
                last_modified=head.get("Last-Modified"),
            )

    def _explain(self, exc: BaseException) -> FetchError:
        if isinstance(exc, urllib.error.HTTPError):
            if 300 <= exc.code < 400 and "loop" in str(exc.reason):  # urllib gave up on the hops
                return FetchError(f"redirect loop or too many redirects (HTTP {exc.code})", status=exc.code)
            wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            return FetchError(f"HTTP {exc.code} {exc.reason}", status=exc.code, retry_after=wait)
        if isinstance(exc, urllib.error.URLError):
            if isinstance(exc.reason, FetchError):
                return exc.reason
            if isinstance(exc.reason, TimeoutError):
                return FetchError(f"timed out after {self.timeout:g} s")
            return FetchError(f"cannot connect: {exc.reason}")
        if isinstance(exc, TimeoutError):
            return FetchError(f"timed out after {self.timeout:g} s")
        return FetchError(f"{type(exc).__name__}: {exc}")


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (only the delta form; a date is ignored)."""
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def fetch_url(url: str) -> bytes:
    """The default fetcher: `Fetcher()` with its defaults (private addresses refused)."""
    return Fetcher()(url)
