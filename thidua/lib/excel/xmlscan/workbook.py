"""Package parts of an .xlsx/.xlsm: which parts are worksheets, and their names (xlsx/mod.rs)."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

from thidua.lib.excel.xmlscan import syntax
from thidua.lib.excel.xmlscan.syntax import local_name, raw_attrs, split_tag

__all__ = ["office_document", "start_tags", "workbook_sheets"]

# Bound by assignment, not by import: CPython 3.11 compiles a method call on a name an import
# bound without LOAD_METHOD (a bound method built on every call).
_TAG = syntax.TAG


def start_tags(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(local name, attributes) of every start tag of a small part, outside comments."""
    pos = 0
    while True:
        lt = data.find(b"<", pos)
        if lt < 0:
            return
        for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>")):
            if data.startswith(opener, lt):
                end = data.find(closer, lt)
                if end < 0:
                    return
                pos = end + len(closer)
                break
        else:
            match = _TAG.match(data, lt)
            if match is None:
                return
            is_end, _, name, attrs = split_tag(match[1])
            if not is_end:
                yield local_name(name), attrs
            pos = match.end()


def office_document(rels: bytes) -> str | None:
    """The folder of workbook.xml, from _rels/.rels (calamine's xl_path)."""
    target = None
    for name, attrs in start_tags(rels):
        if name != b"Relationship":
            continue
        kind, where = _get(attrs, (b"Type", b"Target"))
        if kind and kind.endswith(b"/relationships/officeDocument") and where is not None:
            target = unescape(where.decode("utf-8", "replace"))
    if target is None:
        return None
    slash = target.rfind("/")
    folder = target[: slash + 1] if slash >= 0 else ""
    return folder.removeprefix("/")


def workbook_sheets(workbook: bytes, rels: bytes, folder: str) -> list[tuple[str, str]]:
    """(sheet name, part path) of every sheet of workbook.xml, in order."""
    targets: dict[bytes, str] = {}
    for name, attrs in start_tags(rels):
        if name == b"Relationship":
            rid, _, target = _get(attrs, (b"Id", b"Type", b"Target"))
            if rid is not None:
                targets[rid] = (target or b"").decode("utf-8", "replace")
    sheets = []
    for name, attrs in start_tags(workbook):
        if name != b"sheet":
            continue
        title, rid = "", b""
        for key, value in raw_attrs(attrs):
            if key == b"name":
                title = unescape(value.decode("utf-8", "replace"))
            elif key == b"id" or key.endswith(b":id"):
                rid = value
        target = targets.get(rid)
        if target is not None:
            path = target[1:] if target.startswith("/") else folder + target
            sheets.append((title, path))
    return sheets


def _get(attrs: bytes, keys: tuple[bytes, ...]) -> list[bytes | None]:
    """calamine's get_attrs!: a repeated key overwrites, the scan stops once all were seen."""
    values: list[bytes | None] = [None] * len(keys)
    found = 0
    for key, value in raw_attrs(attrs):
        if key in keys:
            values[keys.index(key)] = value
            found += 1
            if found == len(keys):
                break
    return values
