"""Rule packs: YAML files in thidua/rules/packs/, each encoding one legal text's conditions.

A pack may `extend` another: it inherits the parent's documents, scales, definitions and
award rules, and replaces (or `remove`s) award rules by code. Definitions are merged before
references are resolved, so a child that redefines a definition (say the CSTT standard)
changes every inherited rule that refers to it.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from thidua.rules.conditions import CONDITIONS, Condition, PackError
from thidua.rules.facts import LINEAGE_KINDS
from thidua.rules.procedure import Procedure, parse_procedure
from thidua.rules.settings import Override, Setting, format_number, parse_setting, setting_name

if TYPE_CHECKING:
    from thidua.rules.catalogue import Catalogue

PACKS_DIR = Path(__file__).resolve().parent / "packs"
STATUSES = ("verified", "verified_old", "partial", "unverified")
GROUPS = ("all", "any", "not")
_NODE_KEYS = {"text", "citation", "status", "note", "missing"}


@dataclass(frozen=True)
class Scale:
    """An ordered list of codes, lowest first, with their Vietnamese names."""

    codes: tuple[str, ...]
    names: dict[str, str]
    ranks: dict[str, int] = field(default_factory=dict)

    @classmethod
    def parse(cls, rows: list[dict]) -> Scale:
        codes = tuple(r["code"] for r in rows)
        return cls(
            codes, {r["code"]: r["name"] for r in rows}, {code: i for i, code in enumerate(codes)}
        )

    def check(self, code: Any) -> str:
        if code not in self.names:
            raise PackError(f"mã {code!r} không có trong thang {list(self.codes)}")
        return code

    def rank(self, code: str | None) -> int:
        """Position in the scale, -1 for None or an unknown code (never "at least" anything)."""
        return self.ranks.get(code, -1)  # type: ignore[arg-type]

    def at_least(self, code: str | None, floor: str) -> bool:
        return self.ranks.get(code, -1) >= self.ranks[floor]  # type: ignore[arg-type]

    def name(self, code: str | None) -> str:
        return self.names.get(code or "", code or "")


@dataclass(frozen=True)
class Scales:
    appraisal: Scale
    initiative_scope: Scale
    discipline: Scale
    discipline_default_months: int

    @classmethod
    def parse(cls, raw: dict) -> Scales:
        try:
            return cls(
                Scale.parse(raw["appraisal"]),
                Scale.parse(raw["initiative_scope"]),
                Scale.parse(raw["discipline"]),
                int(raw["discipline_default_months"]),
            )
        except KeyError as exc:
            raise PackError(f"scales thiếu {exc}") from None


@dataclass(frozen=True)
class Citation:
    document: str
    article: str = ""
    clause: str = ""
    point: str = ""
    note: str = ""

    def render(self, documents: dict[str, dict]) -> str:
        doc = documents.get(self.document, {})
        parts = [
            f"điểm {self.point}" if self.point else "",
            f"khoản {self.clause}" if self.clause else "",
            f"Điều {self.article}" if self.article else "",
            doc.get("short") or doc.get("name") or self.document,
        ]
        text = " ".join(p for p in parts if p)
        if doc.get("replaced"):
            # An old text in a pack of a later law: say why it is still cited.
            text += f" — {REPLACED_NOTE}"
        return text[0].upper() + text[1:]


REPLACED_NOTE = "văn bản cũ, dùng vì chưa tìm thấy giá trị này trong văn bản hiện hành"


@dataclass
class Node:
    """A condition tree node: a group (all/any/not) or a leaf holding a Condition."""

    op: str  # all | any | not | leaf
    text: str = ""
    citation: Citation | None = None
    status: str = "verified"
    note: str = ""
    missing: str = ""
    children: list[Node] = field(default_factory=list)
    condition: Condition | None = None
    cited: str = ""  # the citation rendered once, at load
    setting: str = ""  # the pack setting a parameter of the leaf reads (rules.settings)

    @property
    def by_cost(self) -> list[Node]:
        """Children, cheapest first (the result of all/any does not depend on the order)."""
        found = self.__dict__.get("_by_cost")
        if found is None:
            found = self.__dict__["_by_cost"] = sorted(self.children, key=_node_cost)
        return found

    @property
    def kind(self) -> str:
        return self.condition.kind if self.condition else self.op

    def leaves(self):
        if self.condition is not None:
            yield self
        for child in self.children:
            yield from child.leaves()


def _node_cost(node: Node) -> int:
    if node.condition is not None:
        return node.condition.cost
    return max((_node_cost(c) for c in node.children), default=0) + 1


@dataclass
class QuotaRule:
    node: Node  # a leaf whose condition is a conditions.quota.Quota


@dataclass
class AwardRule:
    code: str
    conditions: Node
    name: str = ""  # display name override (e.g. an older CAND name); catalogue otherwise
    recipient: str = ""  # individual | collective; catalogue otherwise
    seniority: bool = False
    quotas: list[QuotaRule] = field(default_factory=list)
    note: str = ""

    def leaves(self) -> Iterator[Node]:
        """Every leaf of the conditions, then of the quotas."""
        yield from self.conditions.leaves()
        for quota in self.quotas:
            yield from quota.node.leaves()


RANKING_CRITERIA = ("top_appraisals", "initiative_scope", "initiatives", "service")


@dataclass(frozen=True)
class Ranking:
    years: int
    criteria: tuple[str, ...]

    @classmethod
    def parse(cls, raw: dict | None) -> Ranking | None:
        if not raw:
            return None
        criteria = tuple(raw.get("criteria") or ())
        unknown = [c for c in criteria if c not in RANKING_CRITERIA]
        years = raw.get("years")
        if unknown or not criteria or not isinstance(years, int) or years < 1:
            raise PackError(f"ranking: cần years ≥ 1 và criteria trong {list(RANKING_CRITERIA)}")
        return cls(years, criteria)


@dataclass(frozen=True)
class Alternatives:
    """Award types that are alternatives for the same achievement (the Minister's or the
    provincial chairman's Bằng khen): a list proposes one of them, not each."""

    codes: tuple[str, ...]
    text: str
    cited: str
    status: str


MOVEMENT_KINDS = ("regular", "themed", "peak")  # movements.MovementKind


@dataclass(frozen=True)
class MovementGrounds:
    """Awards given in movements of some kinds (a themed movement, a peak drive) are not
    grounds for a higher merit award: the conditions that count earlier awards (holds_title,
    consecutive, count_awards) leave them out, and say so. `kinds`: movement kind -> its
    words in that sentence; from `effective_from` on (a year is judged at its 31/12)."""

    kinds: dict[str, str]
    text: str
    cited: str
    status: str
    note: str = ""
    effective_from: date | None = None

    def kinds_in(self, year: int) -> frozenset[str]:
        if self.effective_from is not None and date(year, 12, 31) < self.effective_from:
            return frozenset()
        return frozenset(self.kinds)


@dataclass(frozen=True)
class PackEntry:
    """A rule of the pack given as a sentence with its source: `text`, the rendered
    citation `cited` (empty when the pack names no text), `status`, `note`."""

    text: str
    cited: str
    status: str
    note: str = ""

    def sentence(self) -> str:
        """The rule with its source and how far it was checked, for a warning:
        "Không khen thưởng … (Thông tư 15/2025/TT-BNV; chưa xác minh)"."""
        words = {"partial": "xác minh một phần", "unverified": "chưa xác minh"}
        source = "; ".join(p for p in (self.cited, words.get(self.status, "")) if p)
        return f"{self.text} ({source})" if source else self.text


@dataclass(frozen=True)
class Reorganisation:
    """How the pack reads a reorganisation (docs/rule-packs.md, `reorganisation:`).

    `streaks_across`: the kinds of edge across which a collective keeps the years of the
    unit it took over for its title conditions (holds_title, consecutive, count_awards): the
    loader gives a successor its predecessors' collective titles and awards only across
    these; `rename` is always among them (a renamed unit is the same unit). `closed_units`:
    a unit closed in a reorganisation (Sáp nhập, Hợp nhất, Chia tách, Giải thể) is not
    proposed for a collective award of a year it did not end in service (its end date
    before 31/12), and a decision naming it after its end is warned about."""

    streaks_across: frozenset[str]
    streaks: PackEntry
    closed_units: PackEntry | None = None


@dataclass
class Pack:
    id: str
    title: str
    family: str
    effective_from: date
    effective_to: date | None
    lineage: tuple[str, ...]  # this pack and the packs it extends, nearest first
    documents: dict[str, dict]
    scales: Scales
    awards: dict[str, AwardRule]
    alternatives: list[Alternatives] = field(default_factory=list)
    ranking: Ranking | None = None  # the order of a quota'd list (rules.ranking)
    procedure: Procedure = field(default_factory=Procedure)  # disclosure and council votes
    settings: dict[str, Setting] = field(default_factory=dict)  # values left to the province
    movement_grounds: MovementGrounds | None = None  # awards of movements not counted
    reorganisation: Reorganisation = field(
        default_factory=lambda: Reorganisation(
            frozenset({"rename"}), PackEntry("", "", "unverified"), None
        )
    )  # reading a collective's record across a reorganisation

    def covers(self, year: int) -> bool:
        """A year is judged under the texts in force at its end (the yearly review)."""
        day = date(year, 12, 31)
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def cite(self, citation: Citation | None) -> str:
        return citation.render(self.documents) if citation else ""

    def rules_reached(self, codes: Iterable[str] | None = None) -> list[AwardRule]:
        """The rules that judging `codes` (default: every award type of the pack) evaluates:
        theirs, and those their conditions refer to (Condition.refers_to), transitively, in
        the order first reached. Codes the pack has no rule for are left out."""
        queue = list(self.awards if codes is None else codes)
        found: dict[str, AwardRule] = {}
        while queue:
            code = queue.pop(0)
            rule = self.awards.get(code)
            if rule is None or code in found:
                continue
            found[code] = rule
            queue += [c for leaf in rule.leaves() for c in leaf.condition.refers_to()]
        return list(found.values())

    def years_read(
        self,
        codes: Iterable[str] | None = None,
        *,
        catalogue: Catalogue | None = None,
        read_whole: Collection[str] = (),
    ) -> int | None:
        """How many years of the record, the year judged included, judging `codes` (default:
        every award type of the pack) reads: the most any condition of the rules reached
        declares (Condition.years_read), at least the year judged; None when one reads the
        whole record. `read_whole`: award codes the caller reads whole anyway (with the
        catalogue that widens them): a condition reading only those does not count."""
        need = 1
        for rule in self.rules_reached(codes):
            for leaf in rule.leaves():
                condition = leaf.condition
                if read_whole and catalogue is not None:
                    own = condition.record_codes(catalogue)
                    if own is not None and own <= frozenset(read_whole):
                        continue
                years = condition.years_read()
                if years is None:
                    return None
                need = max(need, years)
        return need


def read_raw(directory: Path) -> dict[str, dict]:
    raw = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "catalogue.yaml":
            continue
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if "id" not in data:
            raise PackError(f"{path.name}: thiếu id")
        data["_file"] = path.name
        raw[data["id"]] = data
    return raw


_MERGED = ("documents", "scales", "definitions", "settings", "awards")


def merged(raw: dict[str, dict], pack_id: str, seen: tuple[str, ...] = ()) -> dict:
    """The pack's data with everything inherited from the packs it extends."""
    if pack_id in seen:
        raise PackError(f"vòng lặp extends: {' -> '.join(seen + (pack_id,))}")
    if pack_id not in raw:
        raise PackError(f"không có gói {pack_id!r}")
    own = raw[pack_id]
    parent_id = own.get("extends")
    if not parent_id:
        return {**copy.deepcopy(own), "lineage": [pack_id]}
    base = merged(raw, parent_id, seen + (pack_id,))
    result = {
        **base,
        **{k: copy.deepcopy(v) for k, v in own.items() if k not in _MERGED},
    }
    for key in _MERGED:
        result[key] = {**base.get(key, {}), **copy.deepcopy(own.get(key) or {})}
    # An award entry that names only some keys (say a display `name`) keeps the others.
    for code, entry in (own.get("awards") or {}).items():
        result["awards"][code] = {**base.get("awards", {}).get(code, {}), **copy.deepcopy(entry)}
    for code in own.get("remove") or ():
        result["awards"].pop(code, None)
    result["lineage"] = [pack_id, *base["lineage"]]
    return result


def build_pack(data: dict, overrides: Mapping[str, Override] | None = None) -> Pack:
    """The pack of merged `data`; its settings take the province's `overrides` (by name)."""
    where = data.get("_file", data["id"])
    scales = Scales.parse(data.get("scales") or {})
    documents = data.get("documents") or {}
    parser = _NodeParser(scales, documents, data.get("definitions") or {})
    parser.settings = _settings(parser, data.get("settings") or {}, overrides or {}, where)
    awards = {}
    for code, body in (data.get("awards") or {}).items():
        try:
            awards[code] = parser.award(code, body)
        except PackError as exc:
            raise PackError(f"{where}: {code}: {exc}") from None
    return Pack(
        id=data["id"],
        title=data.get("title", ""),
        family=data.get("family", "general"),
        effective_from=data["effective_from"],
        effective_to=data.get("effective_to"),
        lineage=tuple(data["lineage"]),
        documents=documents,
        scales=scales,
        awards=awards,
        alternatives=[
            _alternatives(parser, entry, awards, where) for entry in data.get("alternatives") or ()
        ],
        ranking=_ranking(data.get("ranking"), where),
        procedure=parse_procedure(
            data.get("procedure"),
            lambda raw: parser.render(parser.citation(raw)),
            STATUSES,
            where,
        ),
        settings=parser.settings,
        movement_grounds=_movement_grounds(parser, data.get("movement_awards"), where),
        reorganisation=_reorganisation(parser, data.get("reorganisation"), where),
    )


def _reorganisation(parser: _NodeParser, raw: dict | None, where: str) -> Reorganisation:
    """The `reorganisation:` entry; without one, streaks continue only across Đổi tên and
    nothing is said about closed units."""
    if not raw:
        return Reorganisation(frozenset({"rename"}), PackEntry("", "", "unverified"), None)
    if not isinstance(raw, dict) or not isinstance(raw.get("streaks"), dict):
        raise PackError(f"{where}: reorganisation: cần streaks (across, text, status)")
    streaks = raw["streaks"]
    across = streaks.get("across")
    wrong = [k for k in across or () if k not in LINEAGE_KINDS]
    if not isinstance(across, list) or wrong or "rename" not in across:
        raise PackError(
            f"{where}: reorganisation: streaks: across là danh sách hình thức trong "
            f"{list(LINEAGE_KINDS)}, có rename (đổi tên vẫn là đơn vị đó)"
            + (f" (không có: {wrong})" if wrong else "")
        )
    closed = raw.get("closed_units")
    return Reorganisation(
        frozenset(across),
        _entry(parser, streaks, f"{where}: reorganisation: streaks", cited=False),
        _entry(parser, closed, f"{where}: reorganisation: closed_units") if closed else None,
    )


def _entry(parser: _NodeParser, raw: dict, where: str, *, cited: bool = True) -> PackEntry:
    """A PackEntry: `text` and `status` required, `citation` too unless `cited` is False
    (a choice no text settles says so in its status and note)."""
    if not isinstance(raw, dict) or not raw.get("text") or raw.get("status") not in STATUSES:
        raise PackError(f"{where}: cần text và status trong {STATUSES}")
    citation = raw.get("citation")
    if citation is None and cited:
        raise PackError(f"{where}: cần citation (văn bản trong documents)")
    return PackEntry(
        text=raw["text"],
        cited=parser.render(parser.citation(citation)) if citation is not None else "",
        status=raw["status"],
        note=raw.get("note", ""),
    )


def _movement_grounds(parser: _NodeParser, raw: dict | None, where: str) -> MovementGrounds | None:
    if not raw:
        return None
    kinds = raw.get("not_grounds") or {}
    wrong = [k for k in kinds if k not in MOVEMENT_KINDS]
    status = raw.get("status")
    if not isinstance(kinds, dict) or not kinds or wrong or not raw.get("text"):
        raise PackError(
            f"{where}: movement_awards: cần text và not_grounds (loại phong trào → tên) "
            f"với loại trong {list(MOVEMENT_KINDS)}" + (f" (không có: {wrong})" if wrong else "")
        )
    if status not in STATUSES or raw.get("citation") is None:
        raise PackError(f"{where}: movement_awards: cần citation và status trong {STATUSES}")
    start = raw.get("effective_from")
    if start is not None and not isinstance(start, date):
        raise PackError(f"{where}: movement_awards: effective_from phải là một ngày")
    return MovementGrounds(
        kinds={str(k): str(v) for k, v in kinds.items()},
        text=raw["text"],
        cited=parser.render(parser.citation(raw["citation"])),
        status=status,
        note=raw.get("note", ""),
        effective_from=start,
    )


def _settings(
    parser: _NodeParser, raw: dict, overrides: Mapping[str, Override], where: str
) -> dict[str, Setting]:
    try:
        return {
            name: parse_setting(
                name,
                body,
                cite=parser.render,
                parse_citation=parser.citation,
                statuses=STATUSES,
                override=overrides.get(name),
            )
            for name, body in raw.items()
        }
    except PackError as exc:
        raise PackError(f"{where}: {exc}") from None


def _ranking(raw: dict | None, where: str) -> Ranking | None:
    try:
        return Ranking.parse(raw)
    except PackError as exc:
        raise PackError(f"{where}: {exc}") from None


def _alternatives(parser: _NodeParser, entry: dict, awards: dict, where: str) -> Alternatives:
    codes = tuple(entry.get("awards") or ())
    unknown = [c for c in codes if c not in awards]
    if len(codes) < 2 or unknown or not entry.get("text"):
        raise PackError(
            f"{where}: alternatives {codes!r}: cần text và ít nhất hai loại khen thưởng của gói"
            + (f" (không có: {unknown})" if unknown else "")
        )
    status = entry.get("status", "verified")
    if status not in STATUSES:
        raise PackError(f"{where}: alternatives {codes!r}: status {status!r} không hợp lệ")
    return Alternatives(
        codes, entry["text"], parser.render(parser.citation(entry.get("citation"))), status
    )


class _NodeParser:
    def __init__(self, scales: Scales, documents: dict, definitions: dict):
        self.scales, self.documents, self.definitions = scales, documents, definitions
        self.settings: dict[str, Setting] = {}

    def award(self, code: str, body: dict) -> AwardRule:
        quotas = [QuotaRule(self.node({**q, "kind": "quota"})) for q in body.get("quotas") or ()]
        root = self.node(body["conditions"])
        if root.op != "all":
            root = Node("all", children=[root])
        return AwardRule(
            code=code,
            conditions=root,
            name=body.get("name", ""),
            recipient=body.get("recipient", ""),
            seniority=bool(body.get("seniority")),
            quotas=quotas,
            note=body.get("note", ""),
        )

    def node(self, raw: Any, refs: tuple[str, ...] = ()) -> Node:
        if isinstance(raw, list):
            return Node("all", children=[self.node(r, refs) for r in raw])
        if not isinstance(raw, dict):
            raise PackError(f"điều kiện không hợp lệ: {raw!r}")
        if "ref" in raw:
            name = raw["ref"]
            if name in refs or name not in self.definitions:
                raise PackError(f"ref {name!r} không tồn tại hoặc lặp vòng")
            return self.node(self.definitions[name], refs + (name,))
        meta = {k: raw[k] for k in _NODE_KEYS if k in raw}
        citation = self.citation(meta.pop("citation", None))
        groups = [g for g in GROUPS if g in raw]
        # Every leaf states how far its rule was checked; a group only if it cites a text.
        status = meta.pop("status", None if not groups else "verified")
        # A leaf reading a setting takes its status from the setting (_setting_of).
        takes_setting = not groups and any(setting_name(v) for v in raw.values())
        if status not in STATUSES and not takes_setting:
            raise PackError(
                f"{meta.get('text', '')!r}: status {status!r} không hợp lệ "
                f"(cần một trong {STATUSES})"
            )
        if groups:
            op = groups[0]
            body = raw[op]
            children = [self.node(c, refs) for c in (body if isinstance(body, list) else [body])]
            if op == "not" and len(children) != 1:
                raise PackError("not cần đúng một điều kiện")
            return Node(
                op,
                citation=citation,
                status=status,
                children=children,
                cited=self.render(citation),
                **meta,
            )
        kind = raw.get("kind")
        if kind not in CONDITIONS:
            raise PackError(f"loại điều kiện {kind!r} không có trong danh sách")
        params = {k: v for k, v in raw.items() if k not in _NODE_KEYS and k != "kind"}
        setting = self._setting_of(params, raw, meta)
        if setting is not None:
            return self._leaf(
                kind,
                params,
                meta,
                citation=setting.citation,
                status=setting.status,
                cited=setting.cited,
                setting=setting,
            )
        if not meta.get("text") or citation is None:
            raise PackError(f"{kind}: mỗi điều kiện cần text và citation")
        return self._leaf(kind, params, meta, citation, status, self.render(citation))

    def _leaf(self, kind, params, meta, citation, status, cited, setting=None) -> Node:
        try:
            condition = CONDITIONS[kind](params, self.scales)
        except PackError as exc:
            raise PackError(f"{meta['text']!r}: {exc}") from None
        return Node(
            "leaf",
            citation=citation,
            status=status,
            condition=condition,
            cited=cited,
            setting=setting.name if setting else "",
            **meta,
        )

    def _setting_of(self, params: dict, raw: dict, meta: dict) -> Setting | None:
        """The setting a leaf's parameter names (`{setting: name}`), its value put in place
        in `params` and `{name}` in the text; the leaf's citation and status are the
        setting's (the pack's default, or the province's value and basis)."""
        used = {k: n for k, v in params.items() if (n := setting_name(v)) is not None}
        if not used:
            return None
        text = meta.get("text", "")
        unknown = sorted(n for n in used.values() if n not in self.settings)
        if unknown:
            raise PackError(f"{text!r}: không có setting {unknown} trong settings của gói")
        if len(set(used.values())) > 1:
            raise PackError(f"{text!r}: một điều kiện chỉ dùng một setting")
        if "citation" in raw or "status" in raw:
            raise PackError(
                f"{text!r}: điều kiện dùng setting lấy citation và status từ settings của gói"
            )
        if not text:
            raise PackError("mỗi điều kiện cần text")
        setting = self.settings[next(iter(used.values()))]
        for key in used:
            params[key] = setting.value
        meta["text"] = text.replace("{" + setting.name + "}", format_number(setting.value))
        return setting

    def render(self, citation: Citation | None) -> str:
        return citation.render(self.documents) if citation else ""

    def citation(self, raw: Any) -> Citation | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or raw.get("document") not in self.documents:
            raise PackError(f"citation {raw!r}: document phải là một văn bản trong documents")
        return Citation(**{k: str(v) for k, v in raw.items() if v is not None})
