"""The organisation register: units (a tree with history), clusters, people, assignments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.lib.fields import SortKeyField
from thidua.lib.validators import text_validators, validate_date, year_validators
from thidua.lib.versioning import Versioned
from thidua.lib.vntext import clean_text, collation_key, fold, name_sort_key
from thidua.org.choices import SUCCEEDED_KINDS, ClusterRole, EdgeKind, Gender, UnitKind

code_validator = RegexValidator(
    r"^[A-Za-z0-9_.\-]+$",
    _("Mã chỉ gồm chữ không dấu, chữ số và các ký tự . _ -"),
)
PATH_SEP = "/"


class Unit(Versioned):
    """An organisational unit (đơn vị): Công an tỉnh → Phòng / Công an huyện → Đội / Công an xã.

    Units are never deleted: a merged or dissolved unit gets an active_to date.
    `path` is the chain of codes from the root ("/CAT/PC01/"), so a subtree is one
    indexed prefix match.
    """

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(
        _("loại"), max_length=16, choices=UnitKind.choices, default=UnitKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active_from = models.DateField(
        _("hiệu lực từ"), null=True, blank=True, validators=[validate_date]
    )
    active_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, validators=[validate_date]
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())
    path = SortKeyField(max_length=1000, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_key = SortKeyField(max_length=600, db_index=True, editable=False)
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["path", "depth", "sort_key", "search_key", "version"]
    )

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError(
                {"active_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {
                        "parent": _(
                            "Đơn vị cấp trên không được là chính nó hoặc đơn vị trực thuộc nó."
                        )
                    }
                )
            ancestor = ancestor.parent

    def compute_derived(self) -> None:
        self.name = clean_text(self.name)
        self.path = (self.parent.path if self.parent else PATH_SEP) + self.code + PATH_SEP
        self.depth = self.path.count(PATH_SEP) - 2
        self.sort_key = collation_key(self.name)
        self.search_key = f"{fold(self.name)} {self.code.lower()}"

    def save(self, *args, **kwargs):
        self.compute_derived()
        super().save(*args, **kwargs)

    def is_active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(dt.date.today())

    def subtree(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list[Unit]:
        codes = [c for c in self.path.split(PATH_SEP) if c][:-1]
        by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]


class Cluster(Versioned):
    """An emulation cluster or block (cụm / khối thi đua) for one year, with its member units."""

    name = models.CharField(_("tên cụm, khối"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"), validators=year_validators())
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())
    units = models.ManyToManyField(Unit, through="ClusterMembership", related_name="clusters")

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="cluster_name_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ClusterMembership(Versioned):
    """A unit's place in a cluster for the cluster's year. A cluster (one year's) has at most
    one leader (cụm trưởng): org.services checks it with a message naming the leader, and
    the database refuses a second one whatever path writes it."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="cluster_memberships"
    )
    role = models.CharField(
        _("vai trò"), max_length=16, choices=ClusterRole.choices, default=ClusterRole.MEMBER
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("thành viên cụm")
        verbose_name_plural = _("thành viên cụm")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit"], name="cluster_unit_unique"),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(role=ClusterRole.LEADER),
                name="cluster_one_leader",
                violation_error_message=_("Mỗi cụm, khối thi đua chỉ có một cụm trưởng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.cluster}"


class Person(Versioned):
    """A member of the force (cán bộ, chiến sĩ).

    `unit` is the unit of the current assignment, kept by org.services so that lists and
    scope checks need no join through the assignment history.
    """

    code = models.CharField(_("số hiệu"), max_length=32, unique=True, validators=[code_validator])
    full_name = models.CharField(_("họ và tên"), max_length=255)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True, validators=[validate_date])
    service_start = models.DateField(
        _("ngày vào ngành"), null=True, blank=True, validators=[validate_date]
    )
    service_end = models.DateField(
        _("ngày thôi phục vụ"), null=True, blank=True, validators=[validate_date]
    )
    rank = models.CharField(_("cấp bậc"), max_length=64, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    citizen_id = models.CharField(  # noqa: DJ001 (NULL is "no CCCD" for imports and the API)
        _("số CCCD"),
        max_length=12,
        null=True,
        blank=True,
        # Not unique in the database: a CCCD already held outside a clerk's scope is saved
        # (answering "already used" would tell the clerk who is registered elsewhere) and
        # shown to officers as a clash; org.services.person_save refuses the clashes the
        # saving user can see.
        db_index=True,
        validators=[RegexValidator(r"^\d{12}$", _("Số CCCD gồm đúng 12 chữ số."))],
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị hiện tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    unverified = models.BooleanField(
        _("chưa xác minh"),
        default=False,
        help_text=_("Tạo tự động khi nhập dữ liệu, cần cán bộ kiểm tra lại."),
    )
    sort_key = SortKeyField(max_length=600, editable=False)  # indexed with code, see Meta
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_key", "version"])

    class Meta:
        verbose_name = _("cán bộ, chiến sĩ")
        verbose_name_plural = _("cán bộ, chiến sĩ")
        ordering = ["sort_key", "code"]
        indexes = [
            models.Index(fields=["search_key", "birth_date"], name="person_name_dob"),
            # Matches the list order exactly, so deep pages need no sort.
            models.Index(fields=["sort_key", "code"], name="person_sort"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    def compute_derived(self) -> None:
        self.full_name = clean_text(self.full_name)
        self.citizen_id = clean_text(self.citizen_id) or None
        self.sort_key = name_sort_key(self.full_name)
        self.search_key = fold(self.full_name)

    def save(self, *args, **kwargs):
        self.compute_derived()
        super().save(*args, **kwargs)


class Assignment(Versioned):
    """A person's membership of a unit over a date range (công tác); end empty = current."""

    person = models.ForeignKey(
        Person, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    start = models.DateField(_("từ ngày"), validators=[validate_date])
    end = models.DateField(_("đến ngày"), null=True, blank=True, validators=[validate_date])
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["-start"]
        indexes = [models.Index(fields=["unit", "start", "end"], name="assignment_unit_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="assignment_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} — {self.unit.name}"


class ServiceInterruption(Versioned):
    """A period that does not count as service (thời gian gián đoạn công tác): unpaid leave,
    leaving the force and being recruited again, study not counted towards seniority…

    Both days are inclusive. Service-length conditions of the rule packs take these periods
    out (thidua.rules.conditions.personal.served_months); org.services keeps them inside the
    person's service and apart from one another.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="service_interruptions",
    )
    start = models.DateField(_("từ ngày"), validators=[validate_date])
    end = models.DateField(_("đến ngày"), validators=[validate_date])
    reason = models.CharField(
        _("lý do"),
        max_length=255,
        help_text=_(
            "Ví dụ: nghỉ không lương; thôi việc rồi tuyển dụng lại; đi học không tính thâm niên."
        ),
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("thời gian gián đoạn công tác")
        verbose_name_plural = _("thời gian gián đoạn công tác")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="interruption_end_after_start",
                violation_error_message=_("Ngày kết thúc gián đoạn không được trước ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name}: {self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


class Reorganisation(Versioned):
    """A reorganisation (sắp xếp, tổ chức lại): one dated event with its legal basis and one
    or more edges from old units to new ones (thidua.org.lineage applies it). An event is
    named by its date and basis: the import groups its rows by them."""

    effective_date = models.DateField(_("ngày hiệu lực"), validators=[validate_date])
    basis = models.CharField(
        _("căn cứ"),
        max_length=255,
        help_text=_("Số, ký hiệu văn bản quyết định sắp xếp, ví dụ 1234/QĐ-BCA."),
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["-effective_date", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_date", "basis"],
                name="reorganisation_date_basis_unique",
                violation_error_message=_("Đã có đợt sắp xếp cùng ngày hiệu lực và căn cứ."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.basis} ({self.effective_date:%d/%m/%Y})"


class LineageEdge(Versioned):
    """One edge of a reorganisation: old unit → new unit, of a kind (org.choices.EdgeKind).

    `new_unit` is the successor (Sáp nhập, Hợp nhất, Chia tách), empty otherwise; `new_name`
    and `old_name` the names of a Đổi tên; `new_parent` and `old_parent` the parents of a
    Chuyển (the old one is kept so that the tree can be shown as it stood before);
    `move_people` whether the old unit's open assignments moved to the successor."""

    reorganisation = models.ForeignKey(
        Reorganisation,
        verbose_name=_("đợt sắp xếp"),
        on_delete=models.PROTECT,
        related_name="edges",
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=EdgeKind.choices)
    old_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="successor_edges"
    )
    new_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị mới"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessor_edges",
    )
    new_name = models.CharField(_("tên mới"), max_length=255, blank=True)
    old_name = models.CharField(_("tên cũ"), max_length=255, blank=True)
    new_parent = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị cấp trên mới"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    old_parent = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị cấp trên cũ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    move_people = models.BooleanField(_("chuyển cán bộ"), default=False)
    people_moved = models.PositiveIntegerField(_("số cán bộ đã chuyển"), default=0)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("quan hệ kế thừa đơn vị")
        verbose_name_plural = _("quan hệ kế thừa đơn vị")
        ordering = ["reorganisation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reorganisation", "old_unit", "kind", "new_unit"],
                name="lineage_edge_unique",
                violation_error_message=_("Đợt sắp xếp đã có quan hệ này."),
            )
        ]
        indexes = [models.Index(fields=["kind", "old_unit"], name="lineage_kind_old")]

    def __str__(self) -> str:
        target = self.new_unit or self.new_parent
        return f"{self.get_kind_display()}: {self.old_unit} → {target or '—'}"


class UnitName(Versioned):
    """A name a unit had before a Đổi tên, in use until `valid_to` (inclusive). The unit's
    own `name` is the one in use since the last rename: decisions keep showing the name the
    unit had on their date (org.selectors.unit_names_on)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("tên"), max_length=255)
    valid_to = models.DateField(_("dùng đến ngày"), validators=[validate_date])
    edge = models.OneToOneField(
        LineageEdge,
        verbose_name=_("đổi tên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="former_name",
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")
        ordering = ["unit", "valid_to"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_to"], name="unit_name_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (đến {self.valid_to:%d/%m/%Y})"


# ── Records read through lineage ──────────────────────────────────────────────────────
#
# A unit that took over another (Sáp nhập, Hợp nhất, Chia tách: org.choices.SUCCEEDED_KINDS)
# carries its records: a report over the successor covers the predecessor, a successor's
# clerk reads the predecessor's history, its page lists the predecessor's collective awards.
# A split's predecessor is taken over by each of its successors (it counts under each; a
# report covering several of them counts it once). Đổi tên and Chuyển keep the same unit.

LINEAGE_ROUNDS = 64  # chains of successions longer than this are not followed further


@dataclass(frozen=True)
class Inheritance:
    """A predecessor `unit` whose records the roots carry, and the `edge` (to a unit of the
    roots, or to another predecessor) that brought it in."""

    unit: Unit
    edge: LineageEdge


def predecessors_of(roots: Iterable[Unit], *, subtrees: bool) -> list[Inheritance]:
    """The units whose records `roots` took over, transitively, oldest edge first within a
    round; one query per step back in the chain (usually one or two).

    subtrees=True (reports, scope): a predecessor of any unit of the roots' subtrees counts,
    with its own subtree (whose units' predecessors count in turn); predecessors already
    inside a covered subtree are not listed. subtrees=False (a unit's page): predecessors of
    the roots themselves, and theirs."""
    roots = list(roots)
    covered = [u.path for u in roots]
    seen = {u.pk for u in roots}
    frontier = roots
    found: list[Inheritance] = []
    for _round in range(LINEAGE_ROUNDS):
        if not frontier:
            break
        if subtrees:
            target = Q()
            for unit in frontier:
                target |= Q(new_unit__path__startswith=unit.path)
        else:
            target = Q(new_unit_id__in=[u.pk for u in frontier])
        edges = (
            LineageEdge.objects.filter(target, kind__in=SUCCEEDED_KINDS)
            .select_related("reorganisation", "old_unit", "new_unit")
            .order_by("reorganisation__effective_date", "pk")
        )
        step: list[Inheritance] = []
        for edge in edges:
            old = edge.old_unit
            if old.pk in seen or (subtrees and any(old.path.startswith(p) for p in covered)):
                continue
            seen.add(old.pk)
            step.append(Inheritance(old, edge))
        if subtrees:
            # A predecessor inside another predecessor's subtree is covered by it.
            olds = [i.unit for i in step]
            step = [i for i in step if not _under_another(i.unit, olds)]
            covered += [i.unit.path for i in step]
        found += step
        frontier = [i.unit for i in step]
    return found


def _under_another(unit: Unit, units: list[Unit]) -> bool:
    return any(o.pk != unit.pk and unit.path.startswith(o.path) for o in units)


def subtrees_q(units: Iterable[Unit], field: str = "path") -> Q:
    """Units (or rows through `field`) inside the subtree of any of `units`; matches nothing
    when `units` is empty."""
    found = Q(pk__in=[])
    for unit in units:
        found |= Q(**{f"{field}__startswith": unit.path})
    return found
