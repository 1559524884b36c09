"""The SOURCES file of `storyline watch`: a plain list of URLs or an OPML export.

A plain list has one URL per line; `#` starts a comment (a whole line, or after
the URL and a space). OPML (what feed readers export) lists feeds as `<outline xmlUrl=...>`,
nested in folders; an outline with only `htmlUrl` or `url` names a site page, whose
feeds are discovered when it is polled. The OPML is parsed without DTDs or network
access, and one declaring entities is refused: the file is as untrusted as any feed.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from storyline.errors import InputError

# A sources file is a short list; anything bigger is a mistake (a corpus given by accident).
MAX_SOURCES_BYTES = 5_000_000
_URL_ATTRIBUTES = ("xmlUrl", "xmlurl", "url", "htmlUrl", "htmlurl")


def read_sources(path: str | Path) -> list[str]:
    """The URLs a sources file lists, in order, without repeats; InputError when the
    file cannot be read or lists nothing."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read sources file {file}: {exc.strerror or exc}") from exc
    if len(data) > MAX_SOURCES_BYTES:
        raise InputError(f"sources file {file} is larger than {MAX_SOURCES_BYTES} bytes")
    is_xml = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    urls = _opml_urls(data, file) if is_xml else _plain_urls(data, file)
    unique = list(dict.fromkeys(urls))
    if not unique:
        raise InputError(f"sources file {file} lists no URLs")
    return unique


def _plain_urls(data: bytes, file: Path) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"sources file {file} is not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    urls = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        value = words[0]  # "URL  # comment": a URL's own "#fragment" has no space before it
        if not value.lower().startswith(("http://", "https://")):
            raise InputError(f"{file}:{number}: not an http(s) URL: {value[:80]}")
        urls.append(value)
    return urls


def _opml_urls(data: bytes, file: Path) -> list[str]:
    if b"<!ENTITY" in data:  # lxml expands internal entities even with resolve_entities=False
        raise InputError(f"sources file {file}: XML entity declarations refused (entity expansion)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"sources file {file} is not well-formed OPML: {exc}") from exc
    if etree.QName(root).localname.lower() != "opml":
        raise InputError(f"sources file {file} is XML but not OPML (root <{etree.QName(root).localname}>)")
    urls = []
    for outline in root.iter("{*}outline", "outline"):
        for name in _URL_ATTRIBUTES:
            value = (outline.get(name) or "").strip()
            if value.lower().startswith(("http://", "https://")):
                urls.append(value)
                break
    return urls
