"""Fetching a URL without surprises: http(s) only, a timeout, a size cap, a name.

Every failure raises `FetchError` with a one-line reason, which ingest records as
the input's rejection. Every redirect hop is checked like the first URL (http(s)
only, and a public address when private ones are blocked). With
`block_private=True` (for services that fetch URLs from untrusted feeds) addresses
that resolve to loopback, private or link-local networks are refused; the CLI
fetches what its user asked for, local test servers included, so it allows them.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

USER_AGENT = "storyline/0.1 (news ingest)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20_000_000
ALLOWED_SCHEMES = ("http", "https")


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in one line."""


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"unsupported URL scheme '{parts.scheme}' (only http and https)")
    if not parts.hostname:
        raise FetchError("URL has no host")


def _check_address(host: str) -> None:
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise FetchError(f"host {host} resolves to a non-public address ({address})")


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, block_private: bool) -> None:
        self.block_private = block_private

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_url(newurl)
        if self.block_private:
            _check_address(urlsplit(newurl).hostname or "")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetcher:
    """A callable `url -> bytes` for `ingest(fetch=...)`."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    block_private: bool = False
    user_agent: str = USER_AGENT

    def __call__(self, url: str) -> bytes:
        check_url(url)
        if self.block_private:
            _check_address(urlsplit(url).hostname or "")
        opener = urllib.request.build_opener(_SafeRedirects(self.block_private))
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        try:
            with opener.open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(f"response of {length} bytes is over the limit of {self.max_bytes}")
                data: bytes = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            raise FetchError(f"cannot connect: {exc.reason}") from exc
        except TimeoutError as exc:
            raise FetchError(f"timed out after {self.timeout:g} s") from exc
        except (OSError, ValueError, http.client.HTTPException) as exc:  # resets, bad URLs, short reads
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        if len(data) > self.max_bytes:
            raise FetchError(f"response is over the limit of {self.max_bytes} bytes")
        return data


def fetch_url(url: str) -> bytes:
    """The default fetcher: `Fetcher()` with its defaults."""
    return Fetcher()(url)
