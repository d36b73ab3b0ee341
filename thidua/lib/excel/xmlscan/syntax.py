"""XML as calamine reads it: quick-xml's tags and names, calamine's attributes (attrs.rs).
The pieces every scanner of the package shares."""

from __future__ import annotations

import re
from collections.abc import Iterator

from thidua.lib.excel.extent import Malformed

__all__ = [
    "ATTRS",
    "CONTENT",
    "PREFIX",
    "TAG",
    "is_plain",
    "local_name",
    "raw_attr",
    "raw_attrs",
    "split_tag",
]

_WS = b" \t\n\r\x0c"  # Rust's is_ascii_whitespace: what calamine's attribute reader skips
_NAME_END = re.compile(rb"[ \t\r\n]")  # quick-xml ends an element name at these
# A tag's content: quick-xml looks for the closing > outside quotes. Possessive (Python 3.11)
# so that an unfinished tag fails in linear time.
CONTENT = rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*+"
ATTRS = rb"(" + CONTENT + rb")"
TAG = re.compile(rb"<" + ATTRS + rb">")
PREFIX = rb"(?:[^\s>:<]*:)?"  # quick-xml's local name follows the first colon
# The XML declaration: the one <? a plain part may hold, at its start.
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")


# Attributes, as calamine reads them (attrs.rs).


def raw_attrs(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    """calamine's RawAttrIter: key up to '=' (trailing spaces trimmed), quoted value.
    Raises Malformed where calamine reports an AttrError."""
    pos, end = 0, len(raw)
    while True:
        while pos < end and raw[pos] in _WS:
            pos += 1
        if pos >= end:
            return
        eq = raw.find(b"=", pos)
        if eq < 0:
            raise Malformed("thuộc tính XML thiếu dấu '='")
        key = raw[pos:eq].rstrip(_WS)
        pos = eq + 1
        while pos < end and raw[pos] in _WS:
            pos += 1
        if pos >= end or raw[pos] not in b"\"'":
            raise Malformed("giá trị thuộc tính XML không có dấu nháy")
        close = raw.find(raw[pos : pos + 1], pos + 1)
        close = end if close < 0 else close
        yield key, raw[pos + 1 : close]
        pos = close + 1


def raw_attr(raw: bytes, name: bytes) -> bytes | None:
    for key, value in raw_attrs(raw):
        if key == name:
            return value
    return None


# Tags, as quick-xml splits them.


def local_name(name: bytes) -> bytes:
    colon = name.find(b":")
    return name if colon < 0 else name[colon + 1 :]


def split_tag(content: bytes) -> tuple[bool, bool, bytes, bytes]:
    """(is_end, is_empty, name, attributes) of a tag's content between < and >."""
    if content[:1] == b"/":
        return True, False, content[1:].rstrip(_WS), b""
    empty = content.endswith(b"/")
    if empty:
        content = content[:-1]
    space = _NAME_END.search(content)
    if space is None:
        return False, empty, content, b""
    return False, empty, content[: space.start()], content[space.start() :]


# Markup no scanner follows.


def is_plain(body: bytes, first: bool) -> bool:
    """No comment, CDATA, DOCTYPE or processing instruction (but the XML declaration)."""
    if first:
        declaration = _DECLARATION.match(body)
        if declaration:
            body = body[declaration.end() :]
    return b"<!" not in body and b"<?" not in body
