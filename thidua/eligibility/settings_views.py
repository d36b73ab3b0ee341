"""The page of the values the packs leave to the province (administrators only).

The rules page shows the same values read-only to everyone; this page sets or clears them
through thidua.eligibility.rule_settings, which checks the permission again and keeps the
history.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.eligibility import presenters, rule_settings, services
from thidua.eligibility.forms import RuleSettingForm
from thidua.eligibility.models import RuleSetting
from thidua.rules.engine import default_rulebook


@login_required
def rule_settings_page(request: HttpRequest) -> HttpResponse:
    """Administrators: set or clear the province's value of each setting of the packs in
    force, with the text it rests on; every change is listed with who, when, before, after."""
    if not scope.can_configure_rules(request.user):
        raise PermissionDenied
    declared = rule_settings.declared()
    bound: RuleSettingForm | None = None
    if request.method == "POST":
        name = request.POST.get("name", "")
        if name not in declared:
            raise Http404
        if request.POST.get("action") == "clear":
            rule_settings.clear_value(request.user, name)
            messages.success(request, _("Đã trở về giá trị mặc định của gói quy tắc."))
            return redirect("eligibility:rule_settings")
        bound = RuleSettingForm(request.POST, setting=declared[name])
        if bound.is_valid():
            try:
                rule_settings.set_value(
                    request.user, name, bound.cleaned_data["value"], bound.cleaned_data["basis"]
                )
            except ValidationError as exc:
                bound.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu giá trị do Công an tỉnh quy định."))
                return redirect("eligibility:rule_settings")
    try:
        book = services.rulebook()
    except services.EligibilityError as exc:
        book = default_rulebook()
        messages.error(request, exc.message)
    packs = rule_settings.packs_in_force(book)
    rows = {r.name: r for r in RuleSetting.objects.select_related("changed_by")}
    views = presenters.setting_views(book, packs, rows)
    for view in views:
        name = view.setting.name
        row = rows.get(name)
        view.form = (
            bound
            if bound is not None and bound.setting.name == name
            else RuleSettingForm(
                setting=declared.get(name, view.setting),
                initial={
                    "name": name,
                    "value": view.value if view.setting.overridden else "",
                    "basis": row.basis if row and row.value is not None else "",
                },
            )
        )
    texts = {v.setting.name: v.setting.text for v in views}
    return render(
        request,
        "eligibility/rule_settings.html",
        {
            "settings": views,
            "changes": [(c, texts.get(c.name, c.name)) for c in rule_settings.changes()],
        },
        status=400 if bound is not None and bound.errors else 200,
    )
