"""The vendored front-end packages are the versions `scripts/vendor_static.sh` pins:
the files themselves, their licence note and docs/web.md all say the same version,
and every package's licence ships beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.web.app import static_dir

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "vendor_static.sh"
VENDOR = static_dir() / "vendor"
# package (as LICENSES.md names it) -> (the script's variable, the file that
# carries its version, how that file writes it, its licence file, docs/web.md's name)
PACKAGES = {
    "htmx.org": ("HTMX", "htmx/htmx.min.js", r'version:"([\d.]+)"', "htmx/LICENSE", "htmx"),
    "vis-timeline": (
        "VIS_TIMELINE",
        "vis-timeline/vis-timeline-graph2d.min.js",
        r"@version ([\d.]+)",
        "vis-timeline/LICENSE.md",
        "vis-timeline",
    ),
    "uplot": ("UPLOT", "uplot/uPlot.iife.min.js", r"uPlot \(v([\d.]+)\)", "uplot/LICENSE", "uPlot"),
    "swagger-ui-dist": (
        "SWAGGER",
        "swagger-ui/swagger-ui-bundle.js",
        r'"(\d+\.\d+\.\d+)"',
        "swagger-ui/LICENSE",
        "swagger-ui-dist",
    ),
}


def _pins() -> dict[str, str]:
    return dict(re.findall(r"^([A-Z_]+)=([\d.]+)$", SCRIPT.read_text(), flags=re.M))


@pytest.mark.parametrize("package", list(PACKAGES))
def test_the_vendored_file_is_the_pinned_version(package: str) -> None:
    variable, name, pattern, licence, doc_name = PACKAGES[package]
    pinned = _pins()[variable]
    head = (VENDOR / name).read_text(encoding="utf-8", errors="replace")[:2_000_000]
    assert pinned in re.findall(pattern, head), (package, pinned)
    assert (VENDOR / licence).stat().st_size > 0
    note = (VENDOR / "LICENSES.md").read_text()
    assert f"| {package} | {pinned} |" in note
    assert f"{doc_name} {pinned}" in (REPO / "docs" / "web.md").read_text()


def test_the_script_pins_every_package_it_fetches() -> None:
    script = SCRIPT.read_text()
    fetched = re.findall(r"^fetch (\S+) \"\$(\w+)\"$", script, flags=re.M)
    assert {name for name, _ in fetched} == set(PACKAGES)
    assert {var for _, var in fetched} == set(_pins())
