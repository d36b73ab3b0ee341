"""What the pages show, shaped from verdicts and packs (no queries, no business rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.eligibility.output import (
    STATUS_LABEL,
    STATUS_NOTE,
    rows_with_missing,
    unconfirmed_rules,
)
from thidua.rules.engine import Rulebook, default_rulebook
from thidua.rules.packs import Alternatives, AwardRule, Node, Pack
from thidua.rules.results import ConditionResult, Verdict
from thidua.rules.settings import Setting, format_number


@dataclass
class AwardGroup:
    """The verdicts of one award type on the proposals page, or of award types that are
    alternatives for the same achievement (one verdict per recipient, with their options)."""

    code: str
    name: str
    verdicts: list[Verdict] = field(default_factory=list)
    # For alternatives: (code, name) of each award type, and per recipient the names of the
    # ones they may be proposed for.
    choices: list[tuple[str, str]] = field(default_factory=list)
    options: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    rule: str = ""  # the principle, with its citation

    @property
    def count(self) -> int:
        return len(self.verdicts)

    def options_of(self, verdict: Verdict) -> list[str]:
        return self.options.get((verdict.recipient_kind, verdict.recipient_code), [])


def group_by_award(
    verdicts: list[Verdict], alternatives: list[Alternatives] = ()
) -> list[AwardGroup]:
    """Groups by award type in the verdicts' order; award types that are alternatives for
    the same achievement (Pack.alternatives) in one group, each recipient once."""
    groups: dict[str, AwardGroup] = {}
    for verdict in verdicts:
        group = groups.get(verdict.award_code)
        if group is None:
            group = groups[verdict.award_code] = AwardGroup(verdict.award_code, verdict.award_name)
        group.verdicts.append(verdict)
    for alt in alternatives:
        present = [groups[c] for c in alt.codes if c in groups]
        if len(present) < 2:
            continue
        merged = AwardGroup(
            "-hoac-".join(g.code for g in present),
            _(" hoặc ").join(g.name for g in present),
            choices=[(g.code, g.name) for g in present],
            rule=f"{alt.text} ({alt.cited})" if alt.cited else alt.text,
        )
        for g in present:
            for verdict in g.verdicts:
                key = (verdict.recipient_kind, verdict.recipient_code)
                if key not in merged.options:
                    merged.verdicts.append(verdict)
                merged.options.setdefault(key, []).append(g.name)
        # The merged group takes the place of the first of its award types.
        kept: dict[str, AwardGroup] = {}
        for code, group in groups.items():
            if group is present[0]:
                kept[merged.code] = merged
            elif group not in present:
                kept[code] = group
        groups = kept
    return list(groups.values())


class Reason(NamedTuple):
    """A condition met, as the proposals table shows it (a ConditionResult's shown part)."""

    text: str
    manual: bool
    evidence: tuple[str, ...]
    citation: str


class ProposalRow(NamedTuple):
    """One suggestion as the proposals table shows it: plain values only, so a page's rows
    are small to cache (thidua.eligibility.suggestions)."""

    recipient_kind: str
    recipient_code: str
    recipient_name: str
    reasons: tuple[Reason, ...]  # the conditions met, the "why"
    options: tuple[str, ...]  # for alternatives: the forms this recipient may be proposed for
    beyond: bool  # past the ceiling of the award type's quota, in the list's (ranked) order


def quotas_of(group: AwardGroup | None, quotas: list) -> list:
    """The quota lines of the group's award type(s)."""
    if group is None:
        return []
    codes = {group.code, *(code for code, _name in group.choices)}
    return [q for q in quotas if q.award_code in codes]


def proposal_rows(
    group: AwardGroup | None, verdicts: list[Verdict], quotas: list, start: int = 0
) -> list[ProposalRow]:
    """Rows for `verdicts`, the group's from position `start` on (a page of it)."""
    ceiling = min((q.limit for q in quotas), default=None)
    return [
        ProposalRow(
            v.recipient_kind,
            v.recipient_code,
            v.recipient_name,
            tuple(
                Reason(ln.row.text, ln.row.manual, tuple(ln.row.evidence), ln.row.citation)
                for ln in reasons(v)
            ),
            tuple(group.options_of(v)) if group else (),
            ceiling is not None and start + i >= ceiling,
        )
        for i, v in enumerate(verdicts)
    ]


@dataclass
class Line:
    """One condition row as a page shows it."""

    row: ConditionResult
    missing: bool  # its "còn thiếu" counts (see output.rows_with_missing)

    @property
    def status_label(self) -> str:
        return _status(self.row.status)

    @property
    def indent(self) -> int:
        return self.row.depth


def _status(status: str) -> str:
    # output.STATUS_LABEL stays Vietnamese for the Excel/CLI output; pages show it translated.
    label = STATUS_LABEL.get(status, "")
    return _(label) if label else ""


@dataclass(frozen=True)
class RuleNote:
    """A condition whose value is not confirmed, said once above the list it affects."""

    text: str
    status: str
    explanation: str
    note: str
    citation: str


def rule_notes(verdicts: list[Verdict]) -> list[RuleNote]:
    """What the pages say, once, instead of a badge beside every person."""
    return [
        RuleNote(c.text, c.status, _(STATUS_NOTE[c.status]), c.note, c.citation)
        for c in unconfirmed_rules(verdicts)
    ]


def lines(verdict: Verdict) -> list[Line]:
    return [Line(row, missing) for row, missing in rows_with_missing(verdict)]


def reasons(verdict: Verdict) -> list[Line]:
    """The conditions met (leaves), the "why" of a proposal."""
    return [ln for ln in lines(verdict) if ln.row.met and not ln.row.is_group]


# ── The rules page ─────────────────────────────────────────────────────────────────────


@dataclass
class RuleRow:
    text: str
    citation: str
    status: str
    note: str
    depth: int
    kind: str
    manual: bool = False

    @property
    def status_label(self) -> str:
        return _status(self.status)


@dataclass
class RuleView:
    code: str
    name: str
    recipient: str
    seniority: bool
    note: str
    rows: list[RuleRow]
    quotas: list[RuleRow]

    @property
    def unverified(self) -> bool:
        return any(r.status == "unverified" for r in self.rows + self.quotas)


_GROUP_TEXT = {
    "all": gettext_lazy("Đáp ứng tất cả các điều kiện sau"),
    "any": gettext_lazy("Đáp ứng một trong các điều kiện sau"),
    "not": gettext_lazy("Không thuộc trường hợp sau"),
}


def _tree(node: Node, depth: int, out: list[RuleRow], root: bool = False) -> None:
    if node.condition is not None:
        out.append(
            RuleRow(
                node.text,
                node.cited,
                node.status,
                node.note,
                depth,
                node.condition.kind,
                node.condition.manual,
            )
        )
        return
    if not root:
        out.append(
            RuleRow(
                node.text or str(_GROUP_TEXT[node.op]),
                node.cited,
                node.status,
                node.note,
                depth,
                node.op,
            )
        )
    for child in node.children:
        _tree(child, depth if root else depth + 1, out)


def rule_view(pack: Pack, rule: AwardRule) -> RuleView:
    book = default_rulebook()
    rows: list[RuleRow] = []
    _tree(rule.conditions, 0, rows, root=True)
    quotas: list[RuleRow] = []
    for quota in rule.quotas:
        _tree(quota.node, 0, quotas)
    info = book.catalogue.get(rule.code)
    kind = rule.recipient or (info.recipient if info else "individual")
    return RuleView(
        rule.code,
        rule.name or book.catalogue.name(rule.code),
        {"individual": _("Cá nhân"), "collective": _("Tập thể")}.get(kind, kind),
        rule.seniority,
        rule.note,
        rows,
        quotas,
    )


def packs_in_order(book: Rulebook | None = None) -> list[Pack]:
    """Every pack, CAND first, newest first within a family."""
    packs = (book or default_rulebook()).packs.values()
    return sorted(packs, key=lambda p: (p.family != "cand", -p.effective_from.toordinal()))


def documents(pack: Pack) -> list[dict]:
    return [
        {
            "id": key,
            **{k: v for k, v in doc.items() if v is not None},
            "status_label": _status(doc.get("status", "")),
        }
        for key, doc in pack.documents.items()
    ]


# ── Settings left to the province ─────────────────────────────────────────────────────


@dataclass
class SettingView:
    """A pack setting as the rules page and the settings page show it: the value in use
    (the province's or the pack's default), where it comes from, and who set it."""

    setting: Setting
    packs: list[str]  # titles of the packs declaring it
    changed_by: str = ""
    changed_at: object = None
    form: object = None  # the settings page's form (administrators)

    @property
    def value(self) -> str:
        return format_number(self.setting.value)

    @property
    def default(self) -> str:
        return format_number(self.setting.default)

    @property
    def range(self) -> str:
        return f"{format_number(self.setting.minimum)} – {format_number(self.setting.maximum)}"


def setting_views(book: Rulebook, packs: list[Pack], rows: dict) -> list[SettingView]:
    """Every setting of `packs`, resolved in `book` (the province's values), with the stored
    row (name -> RuleSetting) that says who set it and when."""
    views = []
    for name, setting in book.settings(packs).items():
        row = rows.get(name)
        user = row.changed_by if row and row.value is not None else None
        views.append(
            SettingView(
                setting,
                [p.title for p in packs if name in p.settings],
                (user.get_full_name() or user.username) if user else "",
                row.changed_at if row and row.value is not None else None,
            )
        )
    return views
