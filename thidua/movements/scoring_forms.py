"""Forms of the cluster agreement, scoring table, its lines and the score entry page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.lib.versioning import VersionedFormMixin
from thidua.movements.choices import CriterionKind, TieBreak
from thidua.movements.models import Agreement, Criterion, Score, ScoringTable
from thidua.movements.scoring_selectors import TreeLine
from thidua.movements.scoring_services import Posted
from thidua.org.forms import VnDatesMixin
from thidua.org.models import Cluster, Unit

RULE_SLOTS = len(TieBreak.choices)


class AgreementForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    signatories = forms.ModelMultipleChoiceField(
        label=_("Đơn vị ký"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = ["document_number", "signed_on", "place", "content", "signatories"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, cluster: Cluster, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signatories"].queryset = Unit.objects.filter(
            cluster_memberships__cluster=cluster
        ).order_by("path")
        self._localise_dates()
        self.add_version_field(self.instance)


class ScoringTableForm(VersionedFormMixin, forms.ModelForm):
    """Title, note and the tie-break rules as numbered choices (rule 1, rule 2, …)."""

    class Meta:
        model = ScoringTable
        fields = ["title", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = list(self.instance.tie_breaks or [])
        for i in range(RULE_SLOTS):
            self.fields[f"rule_{i + 1}"] = forms.ChoiceField(
                label=_("Quy tắc xếp hạng khi bằng điểm %(n)s") % {"n": i + 1},
                choices=[("", _("— không —")), *TieBreak.choices],
                required=False,
                initial=current[i] if i < len(current) else "",
            )
        self.add_version_field(self.instance)

    def clean(self) -> dict:
        data = super().clean()
        codes = [data.get(f"rule_{i + 1}") for i in range(RULE_SLOTS)]
        codes = [c for c in codes if c]
        if len(set(codes)) != len(codes):
            raise forms.ValidationError(_("Mỗi quy tắc xếp hạng chỉ chọn một lần."))
        self.instance.tie_breaks = codes
        return data


class CopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Sao chép từ bảng điểm"), queryset=ScoringTable.objects.none(), empty_label=None
    )

    def __init__(self, *args, tables, initial_table: ScoringTable | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = tables
        self.fields["source"].label_from_instance = lambda t: f"{t.title} — {t.cluster}"
        if initial_table is not None:
            self.fields["source"].initial = initial_table.pk


class CriterionForm(forms.ModelForm):
    """A line: its group (parent), kind, text, maximum and evidence note."""

    class Meta:
        model = Criterion
        fields = ["parent", "kind", "name", "max_points", "evidence"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "name": forms.TextInput(),
        }
        labels = {"parent": _("Thuộc nhóm")}

    def __init__(self, *args, table: ScoringTable, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups = table.criteria.filter(kind=CriterionKind.GROUP).order_by("code")
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        parent = self.fields["parent"]
        parent.queryset = groups
        parent.required = False
        parent.empty_label = _("— dòng cấp cao nhất —")
        parent.label_from_instance = lambda c: f"{c.code}. {c.name}"
        self.fields["max_points"].widget.attrs.update({"step": "0.01", "min": "0"})
        self.instance.table = table


def _decimal_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=7,
        decimal_places=2,
        localize=False,
        widget=forms.NumberInput(
            attrs={"step": "0.01", "min": "0", "class": "points", "aria-label": label}
        ),
    )


FIELD_LABELS = {
    "self_score": _("Tự chấm"),
    "cross_score": _("Chấm chéo"),
    "final_score": _("Thống nhất"),
}


class ScoreColumnForm(forms.Form):
    """One unit's column: for each leaf line the score fields the user may write, the
    evidence note (self-scorers) and the version of the row the page showed. The range
    check (0 … the line's maximum) is the service's, so that its message names the line."""

    def __init__(
        self,
        *args,
        lines: list[TreeLine],
        scores: dict[int, Score],
        fields: list[str],
        evidence: bool,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.leaves = [t for t in lines if t.is_leaf]
        self.writable = fields
        self.with_evidence = evidence
        for t in self.leaves:
            c = t.criterion
            row = scores.get(c.pk)
            for name in fields:
                f = _decimal_field(f"{c.code} {FIELD_LABELS[name]}")
                f.initial = getattr(row, name) if row else None
                self.fields[f"{name}_{c.pk}"] = f
            if evidence:
                self.fields[f"evidence_{c.pk}"] = forms.CharField(
                    label=f"{c.code} {_('Minh chứng')}",
                    required=False,
                    max_length=4000,
                    initial=row.evidence if row else "",
                    widget=forms.TextInput(
                        attrs={"class": "evidence", "aria-label": f"{c.code} {_('Minh chứng')}"}
                    ),
                )
            self.fields[f"version_{c.pk}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput, initial=row.version if row else None
            )

    def rows(self, lines: list[TreeLine], scores: dict[int, Score]) -> list[dict]:
        """Each line in tree order with its bound fields (leaves) for the template."""
        out = []
        for t in lines:
            c = t.criterion
            row = {"line": t, "score": scores.get(c.pk), "inputs": [], "evidence": None}
            if t.is_leaf:
                row["inputs"] = [self[f"{name}_{c.pk}"] for name in self.writable]
                row["version"] = self[f"version_{c.pk}"]
                if self.with_evidence:
                    row["evidence"] = self[f"evidence_{c.pk}"]
            out.append(row)
        return out

    def posted(self) -> dict[int, Posted]:
        data = self.cleaned_data
        result: dict[int, Posted] = {}
        for t in self.leaves:
            pk = t.criterion.pk
            values: dict[str, Decimal | None] = {n: data.get(f"{n}_{pk}") for n in self.writable}
            evidence = data.get(f"evidence_{pk}") if self.with_evidence else None
            result[pk] = Posted(values, evidence, data.get(f"version_{pk}"))
        return result
