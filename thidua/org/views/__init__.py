"""Pages of the organisation register (units, people, assignments, clusters)."""

from __future__ import annotations

from thidua.org.views.assignments import (
    assignment_create,
    assignment_delete,
    assignment_edit,
    assignment_end,
)
from thidua.org.views.clusters import (
    cluster_create,
    cluster_detail,
    cluster_edit,
    cluster_list,
    membership_add,
    membership_make_leader,
    membership_remove,
    membership_role,
)
from thidua.org.views.interruptions import (
    interruption_create,
    interruption_remove,
    interruption_update,
)
from thidua.org.views.lineage import (
    people_awaiting_unit,
    reorganisation_create,
    reorganisation_detail,
    reorganisation_list,
)
from thidua.org.views.people import (
    duplicates,
    person_create,
    person_detail,
    person_edit,
    person_list,
)
from thidua.org.views.units import unit_close, unit_create, unit_detail, unit_edit, unit_list

__all__ = [
    "assignment_create",
    "assignment_delete",
    "assignment_edit",
    "assignment_end",
    "cluster_create",
    "cluster_detail",
    "cluster_edit",
    "cluster_list",
    "duplicates",
    "interruption_create",
    "interruption_remove",
    "interruption_update",
    "membership_add",
    "membership_make_leader",
    "membership_remove",
    "membership_role",
    "people_awaiting_unit",
    "person_create",
    "person_detail",
    "person_edit",
    "person_list",
    "reorganisation_create",
    "reorganisation_detail",
    "reorganisation_list",
    "unit_close",
    "unit_create",
    "unit_detail",
    "unit_edit",
    "unit_list",
]
