"""The bundled templates: what tools/make_docx_templates.py builds, every docxtpl tag inside
one run, the folder documented."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import pytest

from thidua.reports.documents import render as documents

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "tools" / "make_docx_templates.py"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _script():
    spec = importlib.util.spec_from_file_location("make_docx_templates", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_committed_templates_are_what_the_script_builds(tmp_path):
    built = _script().build(tmp_path)
    assert sorted(p.name for p in built) == sorted(documents.TEMPLATES.values())
    for path in built:
        committed = documents.TEMPLATE_DIR / path.name
        assert _entries(committed) == _entries(path), (
            f"{path.name} differs: run .venv/bin/python tools/make_docx_templates.py"
        )


@pytest.mark.parametrize("name", sorted(documents.TEMPLATES.values()))
def test_every_tag_of_a_template_lies_inside_one_run(name):
    xml = _entries(documents.TEMPLATE_DIR / name)["word/document.xml"].decode()
    texts = re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", xml, flags=re.DOTALL)
    assert any(TAG.search(t) for t in texts)
    for text in texts:
        rest = TAG.sub("", text)
        assert "{{" not in rest and "}}" not in rest, text
        assert "{%" not in rest and "%}" not in rest, text


def test_the_folder_of_templates_is_documented():
    readme = (documents.TEMPLATE_DIR / "README.md").read_text()
    for name in documents.TEMPLATES.values():
        assert name in readme
    assert "THIDUA_DOCUMENT_TEMPLATES" in readme
