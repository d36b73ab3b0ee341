"""The base of every scanner: a part's bytes fed chunk by chunk as they are decompressed."""

from __future__ import annotations

from thidua.lib.excel.extent import Malformed

__all__ = ["Chunked"]


class Chunked:
    """Feeds the scanner chunk by chunk, carrying an unfinished end over to the next chunk
    (at most max_tag bytes: a longer tag is refused rather than accumulated)."""

    def __init__(self, part: str, max_tag: int) -> None:
        self.part = part
        self._max_tag = max_tag
        self._carry = b""
        self._base = 0  # position in the part of the data being consumed

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk if self._carry else chunk
        cut = self._consume(data, final=False)
        self._base += cut
        self._carry = data[cut:]
        if len(self._carry) > self._max_tag:
            raise Malformed(f"một thẻ XML dài quá {self._max_tag // 1_000_000} MB")

    def close(self) -> None:
        if self._carry:
            self._consume(self._carry, final=True)
            self._carry = b""

    def _consume(self, data: bytes, final: bool) -> int:
        """Measure what can be measured of data; return where the carried-over rest starts."""
        raise NotImplementedError
