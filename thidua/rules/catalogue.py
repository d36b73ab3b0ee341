"""A read-only view of the award catalogue (thidua/rules/packs/catalogue.yaml).

The file is owned by the awards register (schema in notes/catalogue-schema.md); the engine
only needs code -> name, rank, chain, family, recipient and kind, plus the aliases to
resolve what users type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from thidua.lib.vntext import fold

DEFAULT_PATH = Path(__file__).resolve().parent / "packs" / "catalogue.yaml"

# How "X or higher" widens an award code (pack parameter `or_higher`).
OR_HIGHER_MODES = ("none", "family", "titles", "chain")


@dataclass(frozen=True, slots=True)
class AwardInfo:
    code: str
    name: str
    rank: int
    chain: str
    recipient: str = "individual"  # individual | collective | both
    kind: str = "award_form"  # title | award_form
    family: str = ""
    award_class: int | None = None
    short_name: str = ""
    status: str = "verified"
    aliases: tuple[str, ...] = ()


@dataclass
class Catalogue:
    awards: dict[str, AwardInfo]
    version: str = ""
    _widen_cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH) -> Catalogue:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> Catalogue:
        awards = {}
        for row in data.get("award_types", []):
            info = AwardInfo(
                code=row["code"],
                name=row["name"],
                rank=int(row.get("rank") or 0),
                chain=row.get("chain") or "merit",
                recipient=row.get("recipient") or "individual",
                kind=row.get("kind") or "award_form",
                family=row.get("family") or "",
                award_class=row.get("class"),
                short_name=row.get("short_name") or "",
                status=row.get("status") or "verified",
                aliases=tuple(row.get("aliases") or ()),
            )
            awards[info.code] = info
        return cls(awards=awards, version=str(data.get("version", "")))

    def __contains__(self, code: str) -> bool:
        return code in self.awards

    def get(self, code: str) -> AwardInfo | None:
        return self.awards.get(code)

    def name(self, code: str) -> str:
        info = self.awards.get(code)
        return info.name if info else code

    def widen(self, codes: str | tuple[str, ...] | list[str], mode: str = "none") -> frozenset[str]:
        """The codes that count as holding `codes` "or higher" under `mode`.

        family: same family, rank >= ; titles: emulation titles of the same chain, rank >= ;
        chain: anything of the same chain with rank >= (forms included).
        """
        key = (tuple([codes] if isinstance(codes, str) else codes), mode)
        cached = self._widen_cache.get(key)
        if cached is None:
            cached = self._widen(key[0], mode)
            self._widen_cache[key] = cached
        return cached

    def _widen(self, codes: tuple[str, ...], mode: str) -> frozenset[str]:
        if mode not in OR_HIGHER_MODES:
            raise ValueError(f"unknown or_higher mode {mode!r}")
        result = set(codes)
        if mode == "none":
            return frozenset(result)
        for code in codes:
            base = self.awards.get(code)
            if base is None:
                continue
            for other in self.awards.values():
                if other.chain != base.chain or other.rank < base.rank:
                    continue
                if mode == "family" and other.family != base.family:
                    continue
                if mode == "titles" and (other.kind != "title" or not _same_side(base, other)):
                    continue
                result.add(other.code)
        return frozenset(result)

    @cached_property
    def _lookup(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for info in self.awards.values():
            for text in (info.code, info.name, info.short_name, *info.aliases):
                if text:
                    table.setdefault(fold(text), info.code)
        return table

    def resolve(self, text: str) -> str | None:
        """A code from a code, name or alias typed in any case, with or without accents."""
        return self._lookup.get(fold(text))


def _same_side(a: AwardInfo, b: AwardInfo) -> bool:
    """Individual titles never count for collective ones and vice versa."""
    return a.recipient == b.recipient or "both" in (a.recipient, b.recipient)
