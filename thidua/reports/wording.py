"""The summary's figures as the sentences of a conference speech, in Vietnamese:
"4 tập thể, 1 cá nhân được tặng Huân chương Bảo vệ Tổ quốc hạng Nhì". Numbers group
thousands with a dot (1.027). The text is data of the report (the same in every interface
language), so it is not translated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from thidua.awards.choices import AwardKind
from thidua.lib.vntext import thousands

if TYPE_CHECKING:
    from thidua.awards.models import AwardType
    from thidua.reports.summary import Counts, Summary

# The speech names the longest runs of a collective title, of at least three years: the
# full list is in the report's table (a presentation choice, not a rule of law).
RUNS_IN_TEXT = 10
MIN_RUN_IN_TEXT = 3


def span(year_from: int, year_to: int) -> str:
    return f"năm {year_from}" if year_from == year_to else f"giai đoạn {year_from}–{year_to}"


def recipients(counts: Counts) -> str:
    """ "4 tập thể, 1 cá nhân", with the times when a recipient was honoured more than once:
    "120 cá nhân (350 lượt)"."""
    parts = []
    for distinct, times, noun in (
        (counts.collectives, counts.collective_times, "tập thể"),
        (counts.individuals, counts.individual_times, "cá nhân"),
    ):
        if distinct:
            extra = f" ({thousands(times)} lượt)" if times > distinct else ""
            parts.append(f"{thousands(distinct)} {noun}{extra}")
    return ", ".join(parts)


def verb(award: AwardType) -> str:
    """Titles are attained ("đạt danh hiệu …"), flags and forms are given ("được tặng …")."""
    if award.kind == AwardKind.TITLE and not award.name.startswith("Cờ"):
        return f"đạt danh hiệu {award.name}"
    return f"được tặng {award.name}"


def title_run(unit: str, award: str, first: int, last: int) -> str:
    held = "được tặng" if award.startswith("Cờ") else "đạt danh hiệu"
    if first == last:
        return f"{unit} năm {first} {held} {award}"
    return f"{unit} {last - first + 1} năm liền ({first}–{last}) {held} {award}"


def leading_run(unit: str, first: int, last: int) -> str:
    """ "Công an huyện An Phú 3 năm liền (2021–2023) dẫn đầu cụm, khối thi đua"."""
    if first == last:
        return f"{unit} năm {first} dẫn đầu cụm, khối thi đua"
    return f"{unit} {last - first + 1} năm liền ({first}–{last}) dẫn đầu cụm, khối thi đua"


def sentences(summary: Summary) -> list[str]:
    subject = summary.subject
    where = f"{subject.name} có " if subject else "có "
    when = span(summary.year_from, summary.year_to)
    if not summary.by_award:
        return [f"{when.capitalize()}: không có khen thưởng nào trong phạm vi báo cáo."]
    total = recipients(summary.totals)
    times = summary.totals.collective_times + summary.totals.individual_times
    lines = [
        f"{when.capitalize()}, {where}{total} được khen thưởng, tổng cộng {thousands(times)} lượt."
    ]
    lines += [f"{recipients(line.counts)} {verb(line.award)}." for line in summary.by_award]
    people = sum(1 for e in summary.exemplars if e.person_id)
    units = len(summary.exemplars) - people
    if summary.exemplars:
        counted = [f"{thousands(units)} tập thể"] if units else []
        counted += [f"{thousands(people)} cá nhân"] if people else []
        lines.append(f"{', '.join(counted)} được tuyên dương là điển hình tiên tiến.")
    runs = [
        run for run in summary.title_runs if run.longest[1] - run.longest[0] + 1 >= MIN_RUN_IN_TEXT
    ]
    for run in runs[:RUNS_IN_TEXT]:
        first, last = run.longest
        lines.append(title_run(run.unit.name, run.award.name, first, last) + ".")
    return lines
