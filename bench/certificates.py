"""`make bench` (python -m bench.certificates): the certificates of a decision of 700
recipients as one PDF (issue 10's goal: under 30 s), next to a baseline measured in the same
run: as many bare pages, one line of text each, through the same WeasyPrint pipeline (the
least a PDF of that many pages costs).

Runs on the demo province (`thidua demo`) in its own data directory (var/bench/certificates),
where it adds once a Giấy khen decision, "700/QĐ-BENCH", for the first 700 people by code.
With DATABASE_URL set it uses that database (it must be empty or one this bench filled).
Each figure is the median of --repeat runs after one warm-up. It reports, it does not judge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time

from bench.common import ROOT, configure, environment_line

BENCH_DIR = ROOT / "var" / "bench" / "certificates"
NUMBER = "700/QĐ-BENCH"


def _median(func, repeat: int) -> tuple[float, object]:
    result = func()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _decision(recipients: int):
    from django.core.management import call_command

    from thidua.awards.models import AwardType, Decision
    from thidua.awards.services import Recipient, decision_create
    from thidua.org.models import Person, Unit

    call_command("migrate", verbosity=0, interactive=False)
    if not Unit.objects.exists():
        call_command("demo", stdout=io.StringIO())
    found = Decision.objects.filter(number=NUMBER).first()
    if found is not None:
        return found
    people = Person.objects.order_by("code")[:recipients]
    return decision_create(
        number=NUMBER,
        date=dt.date(2025, 12, 20),
        award_type=AwardType.objects.get(code="giay_khen_giam_doc"),
        signer="Thiếu tướng Nguyễn Văn Bench",
        recipients=[
            Recipient(person=p, year_from=2025, achievement="Có thành tích xuất sắc năm 2025.")
            for p in people
        ],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.certificates", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--recipients", type=int, default=700)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    configure(BENCH_DIR, "certificates-demo.sqlite3")

    import django

    django.setup()
    from thidua.accounts.scope import SYSTEM
    from thidua.reports.documents.certificates import render_certificates_pdf
    from thidua.reports.pdf import FONT_FAMILY, html_to_pdf

    decision = _decision(args.recipients)
    full, (pdf, pages) = _median(lambda: render_certificates_pdf(SYSTEM, decision), args.repeat)
    bare_html = (
        f"<style>@page {{ size: A4 landscape }} html {{ font-family: '{FONT_FAMILY}' }}</style>"
        + "".join(f"<p style='page-break-after: always'>Giấy khen {n}</p>" for n in range(pages))
    )
    bare, _ = _median(lambda: html_to_pdf(bare_html), args.repeat)
    print(environment_line())
    print(f"Quyết định {NUMBER}: {pages} giấy khen, {len(pdf) / 1e6:.1f} MB PDF.")
    print(f"Trung vị của {args.repeat} lần, giây.")
    print(f"{'phép đo':44} {'giây':>7} {'ms/trang':>9} {'× nền':>6}")
    for label, seconds in (("giấy khen (thidua certificates)", full), ("nền: trang trần", bare)):
        print(f"{label:44} {seconds:>7.2f} {seconds / pages * 1000:>9.1f} {seconds / bare:>6.2f}")


if __name__ == "__main__":
    main()
