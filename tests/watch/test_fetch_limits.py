"""`ingest/fetch.py` limits the watcher relies on, beyond the ingest tests: the size
cap while streaming a body of unknown length, and which addresses count as private."""

from __future__ import annotations

import pytest

from storyline.ingest.fetch import Fetcher, FetchError, _permitted
from tests.watch.site import Site

CAP = 100_000


def test_a_body_without_content_length_is_capped_while_streaming(site: Site) -> None:
    big = site.set("/big.html", b"x" * (CAP * 3), length=False)  # no Content-Length: read until closed
    with pytest.raises(FetchError, match=f"over the limit of {CAP} bytes"):
        Fetcher(block_private=False, max_bytes=CAP, deadline=5).get(big)
    small = site.set("/small.html", b"y" * (CAP // 2), length=False)
    assert Fetcher(block_private=False, max_bytes=CAP, deadline=5).get(small).body == b"y" * (CAP // 2)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    ],
)  # fmt: skip
def test_private_loopback_and_link_local_addresses_are_refused(address: str) -> None:
    assert not _permitted(address, ())


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(address: str) -> None:
    assert _permitted(address, ())
