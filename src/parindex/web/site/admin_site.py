"""Django's admin site, with one refusal it lacks.

The admin reads ``_to_field`` to look an object up by another field; an empty value passes
its ``to_field_allowed`` check (``if to_field and …``) and then fails in ``get_object``
(``FieldDoesNotExist``: a server error). It is refused here as Django refuses any other field
it may not reference: ``DisallowedModelAdminToField``, a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.http import HttpRequest, HttpResponse


def _refuse_empty_to_field(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        posted = request.POST.get(TO_FIELD_VAR) if request.method == "POST" else None
        if "" in (request.GET.get(TO_FIELD_VAR), posted):
            raise DisallowedModelAdminToField("The field '' cannot be referenced.")
        return view(request, *args, **kwargs)

    return guarded


class ParindexAdminSite(admin.AdminSite):
    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        return super().admin_view(_refuse_empty_to_field(view), cacheable)


class ParindexAdminConfig(AdminConfig):
    default_site = "parindex.web.site.admin_site.ParindexAdminSite"
