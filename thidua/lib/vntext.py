"""Vietnamese text: cleaning, accent folding for search, and the Vietnamese collation key.

The collation key is a plain ASCII string whose byte order is the Vietnamese order, so the
database can sort and index it (column collation "C" on PostgreSQL, BINARY on SQLite)
without any locale installed.
"""

from __future__ import annotations

import re
import unicodedata

# Vietnamese alphabet, with the foreign letters f j w z where Latin puts them.
_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_DIGITS = "0123456789"
# Letters map to consecutive ASCII code points above the separators and digits.
_LETTER_CODE = {ch: chr(0x41 + i) for i, ch in enumerate(_ALPHABET)}
_LETTER_CODE.update({d: d for d in _DIGITS})
_UNKNOWN_CODE = "~"
_PART_END = "#"  # ends a name part: "An" sorts before "Anh"
_WORD_GAP = "$"  # a space inside a part: "Văn" sorts before "Văn Minh"
_TONE_GAP = "!"

# Combining marks that change the letter (quality) vs. those that are tones.
_QUALITY = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_QUALITY_LETTER = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}
# Dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}

_SPACES = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """NFC text with non-breaking and repeated spaces collapsed; None becomes ''."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def fold(value: object) -> str:
    """Lower-case text without diacritics, "đ" read as "d": the accent-insensitive search key."""
    text = unicodedata.normalize("NFD", clean_text(value).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")


def _letters(text: str) -> list[tuple[str, str]]:
    """Split text into (base letter, tone rank) pairs, Vietnamese letters kept whole."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text.lower()):
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _QUALITY:
                out[-1] = (_QUALITY_LETTER.get((base, _QUALITY[ch]), base), tone)
            elif ch in _TONE_RANK:
                out[-1] = (base, _TONE_RANK[ch])
            continue
        out.append((ch, "0"))
    return out


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name: "Nguyễn Văn An" → Nguyễn, Văn, An."""
    words = clean_text(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _primary(part: str) -> tuple[str, str]:
    codes, tones = [], []
    for base, tone in _letters(part):
        if base == " ":
            codes.append(_WORD_GAP)
        elif base in _LETTER_CODE:
            codes.append(_LETTER_CODE[base])
            tones.append(tone)
        elif base.isalnum():
            codes.append(_UNKNOWN_CODE)
            tones.append("0")
        # punctuation is ignored, as dictionaries do
    return "".join(codes) + _PART_END, "".join(tones)


def collation_key(text: str) -> str:
    """Key that sorts plain text (a unit name, a title) in Vietnamese letter order."""
    primary, tones = _primary(clean_text(text))
    return primary + _TONE_GAP + tones


def name_sort_key(full_name: str) -> str:
    """Key that sorts people the Vietnamese way: given name, then middle, then family name.

    Letters compare first (a < ă < â < b … d < đ); tones only break ties
    (ngang < huyền < hỏi < ngã < sắc < nặng).
    """
    family, middle, given = split_name(full_name)
    parts = [_primary(p) for p in (given, middle, family)]
    return "".join(p for p, _ in parts) + _TONE_GAP + "".join(t for _, t in parts)


def thousands(n: int) -> str:
    """1234567 → "1.234.567": Vietnamese groups thousands with a dot."""
    return f"{n:,}".replace(",", ".")
