"""Pages: proposals for a year, the "why not" of one recipient, the rules, a list check.

Everything goes through thidua.eligibility.services, which stays inside the user's scope: a
person or unit outside it is a 404, and a sweep never lists anyone outside it.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.eligibility import presenters, services, suggestions
from thidua.eligibility.forms import CheckForm, ProposalForm, YearForm, last_year
from thidua.eligibility.models import RuleSetting
from thidua.eligibility.output import write_xlsx
from thidua.lib.files import private_dir
from thidua.org.models import Person
from thidua.rules.engine import default_rulebook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(verdicts, filename: str, **kwargs) -> HttpResponse:
    buffer = io.BytesIO()
    write_xlsx(buffer, verdicts, **kwargs)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def proposals(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(
        request.GET if "year" in request.GET else None,
        user=request.user,
        initial={"year": last_year()},
    )
    context: dict = {
        "form": form,
        "preview": suggestions.PREVIEW,
        # The suggestions are where a unit starts its nomination dossier.
        "can_create_dossier": scope.can_edit(request.user),
    }
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        within = data["unit"].code if data["unit"] else None
        try:
            if request.GET.get("xuat") == "xlsx":
                run = services.eligibility_report(
                    user=request.user, year=data["year"], award=data["award"], within=within
                )
                return _xlsx_response(run.verdicts, f"de-xuat-khen-thuong-{run.year}.xlsx")
            # Computed once per state of the record (see suggestions).
            found = suggestions.proposals(
                user=request.user,
                year=data["year"],
                award=data["award"],
                within=within,
                page=request.GET.get("page"),
            )
        except services.OutOfScope as exc:
            raise Http404 from exc
        except services.EligibilityError as exc:
            context["error"] = exc.message
        else:
            context.update(_proposal_context(request, found))
    return render(request, "eligibility/proposals.html", context)


def _proposal_context(request: HttpRequest, found: suggestions.Suggestions) -> dict:
    query = request.GET.copy()
    for key in ("page", "xuat"):
        query.pop(key, None)
    other = query.copy()
    other.pop("award", None)
    context = {
        "run": found,
        "groups": found.groups,
        "query": query.urlencode(),
        "query_no_award": other.urlencode(),
        "total": found.total,
    }
    if found.award_code is not None:
        group = found.groups[0] if found.groups else None
        context["page"] = found.page
        context["shown"] = group.rows if group else []
        context["notes"] = group.notes if group else []
        context["quotas"] = group.quotas if group else []
    return context


_KINDS = {"ca-nhan": "person", "don-vi": "unit"}


@login_required
@require_safe
def recipient(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """Every award type applying to one person or unit, with what is missing."""
    if kind not in _KINDS:
        raise Http404
    form = YearForm(request.GET if "year" in request.GET else None, initial={"year": last_year()})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else last_year()
    codes = {"person_code": code} if _KINDS[kind] == "person" else {"unit_code": code}
    context: dict = {"form": form, "year": year, "kind": kind}
    try:
        run = services.eligibility_report(user=request.user, year=year, **codes)
    except services.OutOfScope as exc:
        raise Http404 from exc
    except services.EligibilityError as exc:
        context["error"] = exc.message
        getter = services.visible_person if _KINDS[kind] == "person" else services.visible_unit
        try:
            context["subject"] = getter(request.user, code)
        except services.OutOfScope as exc2:
            raise Http404 from exc2
    else:
        context.update(
            {
                "run": run,
                "subject": run.recipient,
                "eligible": [v for v in run.verdicts if v.eligible],
                # What the person can be proposed for first; the rest below, folded.
                "items": [(v, presenters.lines(v)) for v in run.verdicts if v.eligible],
                "others": [(v, presenters.lines(v)) for v in run.verdicts if not v.eligible],
                # Notes for what may be proposed; the rest show theirs in their own table.
                "notes": presenters.rule_notes([v for v in run.verdicts if v.eligible]),
            }
        )
    subject = context.get("subject")
    context["is_person"] = isinstance(subject, Person)
    context["subject_name"] = subject.full_name if context["is_person"] else subject.name
    return render(request, "eligibility/recipient.html", context)


@login_required
@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    """Every rule pack, its documents, the conditions of each award type and the values
    left to the province (read-only; administrators get a link to set them)."""
    try:
        book = services.rulebook()
    except services.EligibilityError as exc:  # a stored value the packs no longer accept
        book, problem = default_rulebook(), exc.message
    else:
        problem = ""
    packs = presenters.packs_in_order(book)
    wanted = request.GET.get("goi")
    if wanted:
        pack = next((p for p in packs if p.id == wanted), None)
        if pack is None:
            raise Http404
    else:
        try:
            pack = services.pack_for(last_year(), book)
        except services.EligibilityError:
            pack = packs[0]
    titles = {p.id: p.title for p in packs}
    rows = {r.name: r for r in RuleSetting.objects.select_related("changed_by")}
    return render(
        request,
        "eligibility/rules.html",
        {
            "packs": [(p, [titles[i] for i in p.lineage[1:] if i in titles]) for p in packs],
            "pack": pack,
            "documents": presenters.documents(pack),
            "rules": [presenters.rule_view(pack, r) for r in pack.awards.values()],
            "settings": presenters.setting_views(book, [pack], rows),
            "can_configure": scope.can_configure_rules(request.user),
            "problem": problem,
        },
    )


@login_required
def check(request: HttpRequest) -> HttpResponse:
    """Upload a candidate list → one verdict per row, quotas over the whole list."""
    form = CheckForm(request.POST or None, request.FILES or None, initial={"year": last_year()})
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        private_dir(settings.UPLOAD_DIR)  # the temporary file itself is 0o600 (mkstemp)
        with tempfile.NamedTemporaryFile(suffix=suffix, dir=settings.UPLOAD_DIR) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                result = services.check_candidates_file(
                    user=request.user, year=form.cleaned_data["year"], path=tmp.name
                )
            except services.EligibilityError as exc:
                context["error"] = exc.message
                result = None
        if result is not None:
            context.update(
                {
                    "result": result,
                    "filename": upload.name,
                    "items": [(r.row, r.verdict, presenters.lines(r.verdict)) for r in result.rows],
                    "eligible": sum(v.eligible for v in result.verdicts),
                    "notes": presenters.rule_notes([r.verdict for r in result.rows]),
                }
            )
    return render(request, "eligibility/check.html", context)
