"""Shared strings (sharedStrings.xml): the size of each string calamine copies into the cells
naming it."""

from __future__ import annotations

import re
from array import array

from thidua.lib.excel.xmlscan.chunked import Chunked
from thidua.lib.excel.xmlscan.refs import parse_number
from thidua.lib.excel.xmlscan.syntax import PREFIX, is_plain

__all__ = ["StringsScan"]

_SST = re.compile(rb"<(?![/!?])" + PREFIX + rb"sst[\s/>]")
_SST_END = re.compile(rb"</" + PREFIX + rb"sst[\s>]")
_SI = re.compile(rb"<(/?)" + PREFIX + rb"si([\s/>])")
_SI_OPEN = re.compile(rb"<" + PREFIX + rb"si[\s/>]")
_UNIQUE_COUNT = re.compile(rb"uniqueCount\s*=\s*[\"']([0-9]+)")


class StringsScan(Chunked):
    """sharedStrings.xml: an upper bound of each string's size by index (the bytes from its
    <si> to the next one), since calamine copies a shared string into every cell naming it.
    The index of a string is its rank among the <si> calamine reads, so the sizes are only
    trusted when the part is plain: no comment, CDATA or processing instruction, no <si>
    before <sst>, every <si> bare (no prefix, attribute or />) and closed before the next one.
    Otherwise every string counts as long as the whole part. The part is split on b"<si>"
    in C: no Python work per string."""

    def __init__(self, part: str, max_tag: int, max_strings: int) -> None:
        super().__init__(part, max_tag)
        self.lengths: array | None = array("q")
        self.count = 0  # <si> read
        self.declared_count = 0  # the largest uniqueCount: calamine reserves that many
        self.size = 0
        self._max_strings = max_strings
        self._started = self._ended = False

    @property
    def longest(self) -> int:
        if self.lengths is None:
            return self.size
        return max(self.lengths, default=0)

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        super().feed(chunk)

    def _consume(self, data: bytes, final: bool) -> int:
        cut = len(data)
        lt = data.rfind(b"<")
        if not final and lt >= 0 and data.find(b">", lt) < 0:
            cut = lt
        for count in _UNIQUE_COUNT.findall(data, 0, cut):
            self.declared_count = max(self.declared_count, parse_number(count))
        if self.lengths is not None and not is_plain(data[:cut], self._base == 0):
            self.lengths = None
        if self._ended:
            return cut
        start = self._start(data, cut)
        if start is None:
            return cut
        end = _SST_END.search(data, start, cut)
        stop = end.start() if end else cut
        self._ended = end is not None
        if self.lengths is None:
            self.count += len(_SI_OPEN.findall(data, start, stop))
            return cut
        if not final and not self._ended:  # keep the last string whole for the next chunk
            last = data.rfind(b"<si>", start, stop)
            if last > start:
                stop = cut = last
        self._split(data[start:stop])
        return cut

    def _start(self, data: bytes, cut: int) -> int | None:
        """Where the strings calamine reads begin in data (after <sst …>), None before."""
        if self._started:
            return 0
        sst = _SST.search(data, 0, cut)
        if _SI.search(data, 0, sst.start() if sst else cut):
            self.lengths = None  # <si> before <sst>: calamine skips them
        if sst is None:
            return None
        self._started = True
        return sst.end()

    def _split(self, region: bytes) -> None:
        opens = region.count(b"<si")
        pieces = region.split(b"<si>")
        if (
            opens != len(pieces) - 1
            or pieces[0].count(b"</si")
            or any(piece.count(b"</si") != 1 for piece in pieces[1:])
        ):
            self.lengths = None  # a prefixed, attributed, empty or nested <si>
            self.count += opens
            return
        self.count += opens
        room = self._max_strings - len(self.lengths)
        if room > 0:
            self.lengths.extend(len(piece) + 4 for piece in pieces[1 : room + 1])
