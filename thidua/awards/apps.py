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
