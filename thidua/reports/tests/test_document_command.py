"""`thidua document decision|submission|achievement`: the file written, the decision found by
its number (and date), the scope of --user, and clear Vietnamese errors."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thidua.awards.services import Recipient, decision_create, decision_revoke
from thidua.reports.tests.conftest import open_docx, people_by_unit, text_of


def run(*args) -> str:
    out = StringIO()
    call_command("document", *args, stdout=out)
    return out.getvalue()


def test_the_decision_command_writes_the_decision(decided, tmp_path):
    target = tmp_path / "qd.docx"
    out = run("decision", "--decision", "15/QĐ-CAT-PX01", "--output", str(target))
    assert out.strip() == (
        f"Đã ghi quyết định số 15/QĐ-CAT-PX01 ngày 20/12/2024 (1 tập thể và 4 cá nhân) ra {target}."
    )
    doc = open_docx(target)
    assert "Số: 15/QĐ-CAT-PX01" in text_of(doc)
    assert "IV. Đội Tổng hợp" in people_by_unit(doc)


def test_the_number_may_be_typed_without_accents_and_with_the_date(decided, tmp_path):
    target = tmp_path / "qd.docx"
    run("decision", "--decision", "15/qd-cat-px01", "--date", "20/12/2024", "--output", str(target))
    assert "Hưng Yên, ngày 20 tháng 12 năm 2024" in text_of(open_docx(target))


def test_the_submission_command_writes_the_tờ_trình(decided, tmp_path):
    target = tmp_path / "tt.docx"
    out = run("submission", "--decision", "15/QĐ-CAT-PX01", "--output", str(target))
    assert out.startswith("Đã ghi tờ trình đề nghị theo quyết định số 15/QĐ-CAT-PX01")
    assert "TỜ TRÌNH" in text_of(open_docx(target))


def test_the_achievement_command_writes_the_report(decided, tmp_path):
    target = tmp_path / "btt.docx"
    out = run("achievement", "--person", "CA0001", "--output", str(target))
    assert out.strip() == f"Đã ghi báo cáo thành tích của Nguyễn Văn An (CA0001) ra {target}."
    assert "- Họ và tên: Nguyễn Văn An" in text_of(open_docx(target))


def test_an_unknown_decision_number_is_a_clear_error_and_writes_nothing(decided, tmp_path):
    target = tmp_path / "qd.docx"
    with pytest.raises(CommandError, match=r"^Không có quyết định số 999/QĐ-CAT\.$"):
        run("decision", "--decision", "999/QĐ-CAT", "--output", str(target))
    with pytest.raises(CommandError, match=r"^Không có quyết định số 15/QĐ-CAT-PX01 ngày 21/12"):
        run("decision", "--decision", "15/QĐ-CAT-PX01", "--date", "21/12/2024", "--output", "x")
    assert not target.exists()


def test_a_number_shared_by_two_decisions_asks_for_the_date(decided, types, people, tmp_path):
    decision_create(
        number="15/QĐ-CAT-PX01",
        date=dt.date(2023, 6, 1),
        award_type=types.giay_khen_giam_doc,
        recipients=[Recipient(person=people.binh, year_from=2023)],
    )
    with pytest.raises(CommandError) as error:
        run("decision", "--decision", "15/QĐ-CAT-PX01", "--output", str(tmp_path / "x.docx"))
    assert str(error.value) == (
        "Có 2 quyết định số 15/QĐ-CAT-PX01 (01/06/2023, 20/12/2024); "
        "thêm --date dd/mm/yyyy để chọn một."
    )
    target = tmp_path / "qd.docx"
    run("decision", "--decision", "15/QĐ-CAT-PX01", "--date", "01/06/2023", "--output", str(target))
    assert "Hưng Yên, ngày 01 tháng 6 năm 2023" in text_of(open_docx(target))


def test_a_bad_date_is_refused(decided):
    with pytest.raises(CommandError, match="Ngày không hợp lệ: '31/02/2024' \\(viết dd/mm/yyyy\\)"):
        run("decision", "--decision", "15/QĐ-CAT-PX01", "--date", "31/02/2024", "--output", "x")


def test_with_user_the_document_holds_only_the_accounts_scope(decided, users, tmp_path):
    target = tmp_path / "qd.docx"
    out = run(
        "decision", "--decision", "15/QĐ-CAT-PX01", "--output", str(target), "--user", "clerk_a"
    )
    assert "(1 tập thể và 2 cá nhân)" in out
    text = text_of(open_docx(target))
    assert "Nguyễn Văn An" in text and "Lê Đức Cường" not in text


def test_a_decision_or_person_outside_the_scope_is_unknown(decided, users, types, people):
    decision_create(
        number="40/QĐ-CAT-PX01",
        date=dt.date(2024, 5, 5),
        award_type=types.giay_khen_giam_doc,
        recipients=[Recipient(person=people.cuong, year_from=2024)],
    )
    with pytest.raises(CommandError, match=r"^Không có quyết định số 40/QĐ-CAT-PX01\.$"):
        run("decision", "--decision", "40/QĐ-CAT-PX01", "--output", "x", "--user", "clerk_a")
    with pytest.raises(CommandError, match=r"^Không có cán bộ số hiệu CA0003\.$"):
        run("achievement", "--person", "CA0003", "--output", "x", "--user", "clerk_a")
    with pytest.raises(CommandError, match="Không có tài khoản 'ai-do'"):
        run("achievement", "--person", "CA0001", "--output", "x", "--user", "ai-do")


def test_a_revoked_decision_is_refused(decided, tmp_path):
    decision_revoke(decision=decided.gk, reason="Sai thẩm quyền")
    target = tmp_path / "qd.docx"
    with pytest.raises(CommandError, match="đã bị hủy bỏ; không lập văn bản"):
        run("decision", "--decision", "15/QĐ-CAT-PX01", "--output", str(target))
    assert not target.exists()


def test_an_unwritable_output_is_a_clear_error(decided, tmp_path):
    with pytest.raises(CommandError, match=r"^Không ghi được tệp"):
        run("achievement", "--person", "CA0001", "--output", str(tmp_path / "khong" / "x.docx"))


def test_the_kind_and_the_output_are_required(decided):
    with pytest.raises(CommandError):
        run()
    with pytest.raises(CommandError):
        run("decision", "--decision", "15/QĐ-CAT-PX01")
