"""The tamper-evident audit: every history row of the register chained by hash, and
`thidua audit verify` catching a record or an audit row changed, deleted or inserted
behind the application's back."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from thidua.awards import chain, services
from thidua.awards.models import AuditChain, AuditEntry, Award, Decision
from thidua.lib.bulk import insert_with_history


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify() -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except CommandError as failure:
        return out.getvalue(), err.getvalue(), failure.returncode
    return out.getvalue(), err.getvalue(), 0


def _problems(kind: str) -> list[str]:
    return [p.message for p in chain.verify().problems if p.kind == kind]


def test_a_clean_database_passes(decisions):
    out, err, code = _verify()
    assert code == 0 and not err
    assert "Nhật ký nguyên vẹn" in out and "9 mục trong chuỗi, 9 bản ghi khớp nhật ký" in out
    report = chain.verify()
    head = AuditChain.objects.get()
    assert report.ok and report.head == head.hash and head.seq == AuditEntry.objects.count()


def test_quiet_prints_nothing_when_all_holds(decisions):
    out, err = io.StringIO(), io.StringIO()
    call_command("audit", "verify", "--quiet", stdout=out, stderr=err)
    assert out.getvalue() == "" and err.getvalue() == ""


def test_every_write_path_seals_in_its_own_transaction(decisions, people):
    """Single saves (services), simple_history's bulk update (revoking a decision) and
    lib.bulk (imports) all leave no history row outside the chain."""
    services.decision_revoke(decision=decisions.mixed, reason="Sai đối tượng")
    award = decisions.cstdcs.awards.first()
    services.award_revoke(award=award, reason="Trùng khen thưởng")
    extra = [
        Award(
            decision=decisions.bk,
            award_type=decisions.bk.award_type,
            person=people.binh,
            year_from=2020,
            year_to=2021,
        )
    ]
    insert_with_history(Award, extra)
    assert chain.verify().ok


def test_an_award_row_changed_with_raw_sql_is_caught(decisions):
    award = decisions.bk.awards.get()
    _sql("UPDATE awards_award SET achievement = %s WHERE id = %s", ["Sửa lén", award.pk])
    _out, err, code = _verify()
    assert code == 1
    assert (
        f"Khen thưởng số {award.pk}, trường “thành tích”: đang lưu “Sửa lén”, "
        "nhật ký ghi “Thành tích 2 năm liên tục CSTĐCS”"
    ) in err


def test_a_decision_changed_with_raw_sql_is_caught(decisions):
    _sql("UPDATE awards_decision SET signer = %s WHERE id = %s", ["Người khác", decisions.bk.pk])
    [message] = _problems("record")
    assert f"Quyết định khen thưởng số {decisions.bk.pk}, trường “người ký”" in message


def test_an_audit_row_edited_with_raw_sql_is_caught(decisions):
    first = Award.history.order_by("history_id").first()
    _sql(
        "UPDATE awards_historicalaward SET achievement = %s WHERE history_id = %s",
        ["Chép lại", first.history_id],
    )
    [message] = _problems("chain")
    assert "không khớp mã băm" in message and str(first.history_id) in message
    assert not chain.verify().ok


def test_an_entry_whose_hash_was_rewritten_is_caught(decisions):
    entry = AuditEntry.objects.order_by("seq")[2]
    AuditEntry.objects.filter(pk=entry.pk).update(hash="f" * 64)
    [message] = _problems("chain")
    assert f"Mục {entry.seq} " in message


def test_a_deleted_audit_row_is_caught(decisions):
    row = Decision.history.order_by("history_id").first()
    _sql("DELETE FROM awards_historicaldecision WHERE history_id = %s", [row.history_id])
    messages = [p.message for p in chain.verify().problems]
    assert any("đã bị xoá hoặc chèn" in m for m in messages)
    _out, err, code = _verify()
    assert code == 1 and "đã bị xoá hoặc chèn" in err


def test_a_deleted_record_is_caught(decisions):
    award = decisions.mixed.awards.first()
    _sql("DELETE FROM awards_award WHERE id = %s", [award.pk])
    [message] = _problems("record")
    assert f"Khen thưởng số {award.pk}: đã bị xoá mà lịch sử không ghi việc xoá" in message


def test_an_audit_row_inserted_with_raw_sql_is_caught(decisions):
    award = decisions.bk.awards.get()
    _sql(
        "INSERT INTO awards_historicalaward (id, decision_id, award_type_id, person_id, "
        "unit_id, year_from, year_to, achievement, status, revoke_reason, history_date, "
        "history_type, history_change_reason, history_user_id) "
        "SELECT id, decision_id, award_type_id, person_id, unit_id, year_from, year_to, "
        "'Chèn', status, revoke_reason, history_date, '~', NULL, NULL "
        "FROM awards_historicalaward WHERE id = %s",
        [award.pk],
    )
    messages = [p.message for p in chain.verify().problems]
    assert any("chưa vào chuỗi" in m for m in messages)
    # Sealed later by the next write, it still does not match the record's stored values.
    assert any(f"Khen thưởng số {award.pk}, trường “thành tích”" in m for m in messages)


def test_entries_deleted_from_the_end_are_caught(decisions):
    AuditEntry.objects.order_by("-seq").first().delete()
    [message] = _problems("chain")
    assert "đầu chuỗi ghi mục" in message


def test_history_from_before_the_chain_is_sealed_by_audit_seal(decisions):
    AuditEntry.objects.all().delete()
    AuditChain.objects.all().delete()
    assert _problems("unsealed")
    out = io.StringIO()
    call_command("audit", "seal", stdout=out)
    assert "Đã niêm phong 9 hàng lịch sử." in out.getvalue()
    assert chain.verify().ok


def test_a_bulk_write_is_sealed_in_runs_not_row_by_row(decisions, people, types):
    before = AuditEntry.objects.count()
    awards = [
        Award(
            decision=decisions.cstdcs,
            award_type=types.cstd_co_so,
            person=person,
            year_from=year,
            year_to=year,
        )
        for person in (people.an, people.binh, people.cuong)
        for year in range(1900, 2000)
    ]
    original = chain._CHUNK
    chain._CHUNK = 120
    try:
        insert_with_history(Award, awards)
    finally:
        chain._CHUNK = original
    assert AuditEntry.objects.count() - before == 3  # 300 rows in runs of 120
    assert list(AuditEntry.objects.order_by("-seq").values_list("rows", flat=True)[:3]) == [
        60,
        120,
        120,
    ]
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_do_not_fork_the_chain(decisions, people):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: its database lock serialises writers (IMMEDIATE transactions)")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(year: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                services.award_add(decision=decisions.cstdcs, person=people.cuong, year_from=year)
                services.award_add(decision=decisions.bk, person=people.binh, year_from=year)
        except BaseException as exc:  # reported below, from the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(year,)) for year in (2019, 2020)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    report = chain.verify()
    assert report.ok, report.problems
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
