"""Fixtures of the watcher's tests: a local news site (see `site.py`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.watch.site import Site, start_site


@pytest.fixture
def site() -> Iterator[Site]:
    news, httpd = start_site()
    yield news
    news.stopping.set()
    httpd.shutdown()
    httpd.server_close()
