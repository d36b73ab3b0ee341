"""{{ dossier|dossier_url }}: the dossier's page, also while the dossier pages are built
apart (then the path they will answer at)."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch

from thidua.nominations.selectors import DOSSIER_LIST_PATH

register = template.Library()


@register.filter
def dossier_url(dossier) -> str:
    if dossier is None:
        return ""
    try:
        return dossier.get_absolute_url()
    except NoReverseMatch:
        return f"{DOSSIER_LIST_PATH}{dossier.pk}/"
