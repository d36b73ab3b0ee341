"""The FilterSets of the pages, applied to the API's lists (django-filter's backend), with two
differences of answer: a filter naming a unit or award type the caller cannot see (unknown, or
outside the scope) is a 404, like a path to such a record, where a value of the wrong form is
400; and an empty value is 400 for every filter but a text (a page's blank select means "all";
an API client leaves the parameter out)."""

from __future__ import annotations

import django_filters as df
from django import forms
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

EMPTY = "Giá trị trống: bỏ tham số này đi nếu không lọc theo nó."


class ApiFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        empty = {
            name: [EMPTY]
            for name, value in request.query_params.items()
            if value == ""
            and name in filterset.filters
            and not isinstance(filterset.filters[name], df.CharFilter)
        }
        if empty:
            raise exceptions.ValidationError(empty)
        if not filterset.is_valid():
            raise _refusal(filterset)
        return filterset.qs


def _refusal(filterset) -> exceptions.ValidationError:
    error = utils.translate_validation(filterset.errors)
    fields = filterset.form.fields
    for name, details in error.detail.items():
        if isinstance(fields.get(name), forms.ModelChoiceField):
            for detail in details:
                if detail.code == "invalid_choice":
                    detail.code = "not_in_scope"
    return error
