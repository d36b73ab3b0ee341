from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_catalogue(sender, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """After migrate, bring the award types in line with catalogue.yaml (a no-op when equal)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    from thidua.awards.catalogue import catalogue_sync
    from thidua.awards.models import AwardType

    # The register lives in the default database; migrating backwards leaves no table.
    if using != DEFAULT_DB_ALIAS:
        return
    if AwardType._meta.db_table not in connections[using].introspection.table_names():
        return
    result = catalogue_sync()
    if verbosity >= 2 or (
        verbosity >= 1 and (result.created or result.updated or result.deactivated)
    ):
        print(result.summary())


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        post_migrate.connect(_load_catalogue, sender=self, dispatch_uid="awards_load_catalogue")
        _connect_audit_chain()


def _connect_audit_chain() -> None:
    """Every history row of an audited model joins the hash chain in the transaction that
    wrote it: single saves through simple_history's signals, bulk writes through lib.bulk's."""
    from simple_history.signals import post_create_historical_record, pre_create_historical_record

    from thidua.awards import chain
    from thidua.lib.bulk import history_writing, history_written

    for signal, receiver, uid in (
        (pre_create_historical_record, chain.before_history, "audit_chain_lock"),
        (history_writing, chain.before_history, "audit_chain_bulk_lock"),
        (post_create_historical_record, chain.after_history, "audit_chain_seal"),
        (history_written, chain.after_history, "audit_chain_bulk_seal"),
    ):
        signal.connect(receiver, dispatch_uid=uid)
