"""The English interface: the language switch, and a catalogue that is complete and compiled.

Source strings are Vietnamese; thidua/locale/en/LC_MESSAGES/django.po holds the English and
the committed django.mo is what Django reads (installs need no gettext tools).
"""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from python_calamine import CalamineWorkbook

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO, MO = LC_MESSAGES / "django.po", LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
PO_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d)\])? (".*")$')


def in_english(client):
    # The real path: the switch in base.html posts to Django's set_language view, which
    # stores the choice in the django_language cookie that LocaleMiddleware reads.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ── Pages ────────────────────────────────────────────────────────────────────────────────


def test_vietnamese_is_the_default(client_for, users, people):
    client = client_for(users.officer)
    home, people_list = page(client, "/"), page(client, "/can-bo/")
    assert "Tổng quan" in home and "Cán bộ, chiến sĩ" in home
    assert "Overview" not in home and "Officers" not in home
    assert "Họ và tên" in people_list and "Full name" not in people_list


def test_switching_to_english_translates_home_and_people_list(client_for, users, people):
    client = in_english(client_for(users.officer))
    home = page(client, "/")
    assert '<html lang="en">' in home
    for english in ("Overview", "Officers", "Units", "Emulation clusters", "Log out"):
        assert english in home
    for vietnamese in ("Tổng quan", "Cán bộ, chiến sĩ", "Đăng xuất"):
        assert vietnamese not in home
    people_list = page(client, "/can-bo/")
    assert "<h1>Officers</h1>" in people_list
    for english in ("Full name", "Service number", "Gender", "Rank", "4 people", "Female"):
        assert english in people_list
    for vietnamese in ("Họ và tên", "Số hiệu", "Giới tính", ">Nữ<"):
        assert vietnamese not in people_list


def test_model_labels_and_choices_follow_the_language(client_for, users, people):
    client = in_english(client_for(users.officer))
    detail = page(client, f"/can-bo/{people.an.pk}/")
    assert "Male" in detail and "Service start" in detail and "Assignments" in detail
    units = page(client, "/don-vi/")
    assert "District police" in units and "Commune police" in units
    assert "Công an huyện</td>" not in units  # the kind column, not a unit's name
    form = page(client, "/can-bo/them/")
    assert "Full name" in form and "Citizen ID" in form


def test_english_mode_keeps_scope_a_clerk_gets_404_outside(client_for, users, people):
    client = in_english(client_for(users.clerk_a))
    assert client.get(f"/can-bo/{people.cuong.pk}/").status_code == 404
    assert client.get(f"/can-bo/{people.an.pk}/").status_code == 200


def test_exported_file_stays_vietnamese_in_english_mode(client_for, users, units):
    # Choice labels are translatable, but the Excel format is Vietnamese whatever the UI.
    client = in_english(client_for(users.officer))
    response = client.get("/nhap-xuat/units/xuat/")
    assert response.status_code == 200
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    cells = {str(v) for row in workbook.get_sheet_by_index(0).to_python() for v in row}
    assert "Công an huyện" in cells and "District police" not in cells


# ── The catalogue ────────────────────────────────────────────────────────────────────────


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], text[1:-1])


def read_po(path: Path) -> list[dict]:
    """[{flags, msgctxt, msgid, msgid_plural, msgstr: {index: text}}]; obsolete (#~) skipped."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif match := PO_LINE.match(line):
                name, index, text = match.groups()
                key = ("msgstr", int(index or 0)) if name == "msgstr" else (name, None)
                if name == "msgstr":
                    entry["msgstr"][key[1]] = _unquote(text)
                else:
                    entry[name] = _unquote(text)
            elif line.startswith('"') and key:
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += _unquote(line)
                else:
                    entry[key[0]] += _unquote(line)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_every_message_has_an_english_translation():
    entries = [e for e in read_po(PO) if e["msgid"]]  # the first entry is the header
    assert len(entries) > 400
    for entry in entries:
        label = repr(entry["msgid"])
        assert "fuzzy" not in entry["flags"], label
        forms = sorted(entry["msgstr"])
        assert forms == ([0, 1] if entry["msgid_plural"] is not None else [0]), label
        for index in forms:
            english = entry["msgstr"][index]
            assert english.strip(), label
            source = entry["msgid_plural"] if index and entry["msgid_plural"] else entry["msgid"]
            assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(source)), label


def _expected_catalog(entries: list[dict]) -> dict:
    # The keys Python's gettext uses: "context\x04msgid", and (msgid, n) for plural forms.
    catalog = {}
    for entry in entries:
        msgid = (f"{entry['msgctxt']}\x04" if entry["msgctxt"] else "") + entry["msgid"]
        if entry["msgid_plural"] is None:
            catalog[msgid] = entry["msgstr"][0]
        else:
            catalog.update({(msgid, i): text for i, text in entry["msgstr"].items()})
    return catalog


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def test_committed_mo_is_compiled_from_the_current_po():
    assert MO.exists(), "run: thidua compilemessages --ignore '.venv/*'"
    expected = _expected_catalog(read_po(PO))
    compiled = _catalog(MO)
    compiled.pop("", None)  # the header, compared loosely below
    expected.pop("", None)
    assert compiled == expected, "django.mo is stale: run thidua compilemessages"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_msgfmt_accepts_the_po_and_builds_the_same_catalogue(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(PO)], check=True)
    assert _catalog(fresh) == _catalog(MO)
