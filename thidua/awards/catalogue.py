"""The award catalogue: read catalogue.yaml, sync it into AwardType rows, resolve typed names.

The file is the source of truth (docs/rule-packs.md). catalogue_sync() upserts by code, runs
after every migrate and via `thidua load_catalogue`. resolve_award_type() turns what people
type ("BK BCA", "HC BVTQ hạng 3", "Bằng khen bộ trưởng") into an AwardType from an
in-memory index, so an import of 100,000 rows asks the database nothing per row.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.awards.choices import AwardKind, Chain, Frequency, Level, RecipientKind, SourceStatus
from thidua.awards.models import AwardType, AwardTypeAlias
from thidua.lib.vntext import clean_text, fold

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "rules" / "packs" / "catalogue.yaml"

# YAML key → (model field, allowed values or None).
_FIELDS: dict[str, tuple[str, set | None]] = {
    "name": ("name", None),
    "short_name": ("short_name", None),
    "kind": ("kind", set(AwardKind.values)),
    "recipient": ("recipient", set(RecipientKind.values)),
    "level": ("level", set(Level.values)),
    "authority": ("authority", None),
    "family": ("family", None),
    "class": ("award_class", {None, 1, 2, 3}),
    "rank": ("rank", None),
    "chain": ("chain", set(Chain.values)),
    "frequency": ("frequency", set(Frequency.values)),
    "legal_basis": ("legal_basis", None),
    "status": ("status", set(SourceStatus.values)),
}
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# Classes are written "hạng Ba", "hạng 3", "hạng III": one key for all.
_CLASS_PATTERNS = [
    (re.compile(r"\bhang (?:ba|iii|3)\b"), "hang 3"),
    (re.compile(r"\bhang (?:nhi|ii|2)\b"), "hang 2"),
    (re.compile(r"\bhang (?:nhat|i|1)\b"), "hang 1"),
]
_NON_WORD = re.compile(r"[^a-z0-9]+")
_STOPWORDS = {"cua"}  # "Bằng khen của Bộ trưởng" = "Bằng khen Bộ trưởng"


def _words(text: str) -> list[str]:
    folded = fold(text)
    for pattern, replacement in _CLASS_PATTERNS:
        folded = pattern.sub(replacement, folded)
    return [w for w in _NON_WORD.split(folded) if w and w not in _STOPWORDS]


def alias_key(text: str) -> str:
    """The lookup key of a typed name: no accents, case, spaces, punctuation or "của"."""
    return "".join(_words(text))


def _similarity_key(text: str) -> str:
    # Word boundaries kept: difflib scores "bang khen bo truong" better than the squashed key.
    return " ".join(_words(text))


# ── Reading the file ──────────────────────────────────────────────────────────────────────


@dataclass
class CatalogueEntry:
    code: str
    values: dict[str, Any]
    aliases: list[str] = field(default_factory=list)


@dataclass
class Catalogue:
    version: str
    entries: list[CatalogueEntry]


def read_catalogue(path: Path | str = CATALOGUE_PATH) -> Catalogue:
    """Parse and check the catalogue file; ValidationError lists every problem found."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    errors: list[str] = []
    entries: list[CatalogueEntry] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("award_types") or [], start=1):
        entry = _read_entry(i, raw, errors)
        if entry is None:
            continue
        if entry.code in seen:
            errors.append(f"Mục {i}: mã '{entry.code}' bị trùng.")
        seen.add(entry.code)
        entries.append(entry)
    if not entries and not errors:
        errors.append("Danh mục không có loại khen thưởng nào (thiếu khóa award_types).")
    errors += _alias_clashes(entries)
    if errors:
        raise ValidationError([f"{path}: {e}" for e in errors])
    return Catalogue(version=str(data.get("version", "")), entries=entries)


def _read_entry(i: int, raw: Any, errors: list[str]) -> CatalogueEntry | None:
    if not isinstance(raw, dict):
        errors.append(f"Mục {i}: không phải một bản ghi.")
        return None
    code = str(raw.get("code") or "")
    if not _CODE.match(code):
        errors.append(f"Mục {i}: mã '{code}' không hợp lệ (chữ thường không dấu, số, _).")
        return None
    values: dict[str, Any] = {}
    for key, (attr, allowed) in _FIELDS.items():
        if key not in raw:
            errors.append(f"{code}: thiếu trường '{key}'.")
            continue
        value = raw[key]
        if allowed is not None and value not in allowed:
            errors.append(f"{code}: giá trị '{value}' của trường '{key}' không hợp lệ.")
        elif key == "rank" and (not isinstance(value, int) or value < 0):
            errors.append(f"{code}: 'rank' phải là số nguyên không âm.")
        elif key not in ("class", "rank"):
            value = clean_text(value)
        values[attr] = value
    if not values.get("name"):
        errors.append(f"{code}: thiếu tên.")
    aliases = [clean_text(a) for a in raw.get("aliases") or [] if clean_text(a)]
    return CatalogueEntry(code=code, values=values, aliases=aliases)


def _entry_names(entry: CatalogueEntry) -> list[str]:
    names = [entry.values.get("name", ""), entry.values.get("short_name", ""), *entry.aliases]
    return [n for n in names if n and alias_key(n)]


def _alias_clashes(entries: list[CatalogueEntry]) -> list[str]:
    """A typed name must mean one entry: report keys shared by two codes."""
    owner: dict[str, tuple[str, str]] = {}
    errors = []
    for entry in entries:
        for name in _entry_names(entry):
            key = alias_key(name)
            if key in owner and owner[key][0] != entry.code:
                errors.append(
                    f"Tên '{name}' của {entry.code} trùng với '{owner[key][1]}' "
                    f"của {owner[key][0]}."
                )
            owner.setdefault(key, (entry.code, name))
    return errors


# ── Writing it to the database ───────────────────────────────────────────────────────────


@dataclass
class SyncResult:
    version: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Danh mục {self.version}: {len(self.created)} loại mới, "
            f"{len(self.updated)} loại cập nhật, {len(self.deactivated)} loại ngừng dùng."
        )


@transaction.atomic
def catalogue_sync(*, path: Path | str = CATALOGUE_PATH) -> SyncResult:
    """Upsert every entry by code, rewrite aliases, mark types missing from the file
    inactive (never delete: awards may refer to them). Writes only what changed."""
    catalogue = read_catalogue(path)
    result = SyncResult(version=catalogue.version)
    existing = {t.code: t for t in AwardType.objects.all()}
    for position, entry in enumerate(catalogue.entries, start=1):
        wanted = {**entry.values, "position": position, "active": True}
        award_type = existing.pop(entry.code, None)
        if award_type is None:
            award_type = AwardType.objects.create(code=entry.code, **wanted)
            result.created.append(entry.code)
        elif any(getattr(award_type, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(award_type, k, v)
            award_type.save()
            result.updated.append(entry.code)
    for award_type in existing.values():
        if award_type.active:
            award_type.active = False
            award_type.save(update_fields=["active"])
            result.deactivated.append(award_type.code)
    _sync_aliases(catalogue)
    clear_index()
    return result


def _sync_aliases(catalogue: Catalogue) -> None:
    ids = dict(AwardType.objects.values_list("code", "id"))
    wanted: dict[str, tuple[int, str]] = {}
    for entry in catalogue.entries:
        for name in _entry_names(entry):
            wanted.setdefault(alias_key(name), (ids[entry.code], name))
    current = {a.key: a for a in AwardTypeAlias.objects.all()}
    for key, alias in current.items():
        if key not in wanted:
            alias.delete()
        elif (alias.award_type_id, alias.text) != wanted[key]:
            alias.award_type_id, alias.text = wanted[key]
            alias.save()
    for key, (type_id, text) in wanted.items():
        if key not in current:
            AwardTypeAlias.objects.create(award_type_id=type_id, text=text, key=key)


# ── Resolving typed names ────────────────────────────────────────────────────────────────


class UnknownAwardType(ValidationError):
    """A typed name that matches no catalogue entry; `suggestions` are the closest names."""

    def __init__(self, text: str, suggestions: list[str]):
        self.text = text
        self.suggestions = suggestions
        message = f"Không rõ hình thức khen thưởng '{text}'."
        if suggestions:
            message += " Gần giống: " + ", ".join(suggestions) + "."
        super().__init__(message, code="unknown_award_type")


class CatalogueIndex:
    """Every active type by code and by alias key, built with two queries."""

    def __init__(self) -> None:
        types = {t.id: t for t in AwardType.objects.filter(active=True)}
        self.by_code = {t.code: t for t in types.values()}
        self.by_key: dict[str, AwardType] = {alias_key(t.name): t for t in types.values()}
        for type_id, key in AwardTypeAlias.objects.values_list("award_type_id", "key"):
            if type_id in types:
                self.by_key.setdefault(key, types[type_id])
        # For suggestions: word-spaced keys of names and aliases → the canonical name.
        self._names: dict[str, str] = {}
        for award_type in types.values():
            self._names[_similarity_key(award_type.name)] = award_type.name
        for type_id, text in AwardTypeAlias.objects.values_list("award_type_id", "text"):
            if type_id in types:
                self._names.setdefault(_similarity_key(text), types[type_id].name)
        self.suggest = lru_cache(maxsize=1024)(self._suggest)

    def find(self, text: str) -> AwardType | None:
        text = clean_text(text)
        if not text:
            return None
        return self.by_code.get(text) or self.by_key.get(alias_key(text))

    def resolve(self, text: str) -> AwardType:
        found = self.find(text)
        if found is None:
            raise UnknownAwardType(clean_text(text), self.suggest(_similarity_key(text)))
        return found

    def resolve_all(self, texts: Iterable[str]) -> dict[str, AwardType | str]:
        """Each distinct text → its type, or the message of its UnknownAwardType (a file
        names the same few types on thousands of rows: each is looked up once)."""
        resolved: dict[str, AwardType | str] = {}
        for text in texts:
            if text not in resolved:
                try:
                    resolved[text] = self.resolve(text)
                except UnknownAwardType as exc:
                    resolved[text] = exc.messages[0]
        return resolved

    def _suggest(self, key: str, n: int = 3) -> list[str]:
        close = difflib.get_close_matches(key, list(self._names), n=12, cutoff=0.5)
        names: list[str] = []
        for match in close:
            name = self._names[match]
            if name not in names:
                names.append(name)
        return names[:n]


_index: CatalogueIndex | None = None


def catalogue_index(*, refresh: bool = False) -> CatalogueIndex:
    """The process-wide index; an import passes refresh=True to see the latest catalogue."""
    global _index
    if _index is None or refresh:
        _index = CatalogueIndex()
    return _index


def clear_index() -> None:
    global _index
    _index = None


def resolve_award_type(text: str) -> AwardType:
    """Code, name or alias (accents, case and spacing ignored) → AwardType;
    UnknownAwardType with the closest catalogue names otherwise."""
    return catalogue_index().resolve(text)


def suggest_award_types(text: str, n: int = 3) -> list[str]:
    return catalogue_index().suggest(_similarity_key(text), n)
