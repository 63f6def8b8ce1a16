"""The back office's own words: parindex's admin labels in Vietnamese and in English.

Django's admin speaks its own words (its catalogue); what parindex gives it, each registered
model's name, the app's name, every column of a change list, every filter and search field,
every action, must be words in both languages: no snake_case, no English on a Vietnamese
label, no Vietnamese on an English one (page_words.problems, the crawl's detector).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field, model_format_dict
from django.contrib.auth.models import AbstractUser
from django.test import RequestFactory
from django.utils import translation
from page_words import problems

pytestmark = pytest.mark.django_db

LANGUAGES = ("vi", "en")
#: fields parindex's user takes from Django's own, with Django's own words ("địa chỉ email")
DJANGO_USER_FIELDS = frozenset(f.name for f in AbstractUser._meta.get_fields())


def _parindex_admins() -> list[tuple[type, admin.ModelAdmin]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("parindex.")
    ]


def _labels(model: type, model_admin: admin.ModelAdmin, request) -> Iterator[tuple[str, str]]:
    """(where, text) of every label parindex gives the admin for ``model``."""
    opts = model._meta
    name = f"{opts.app_label}.{opts.model_name}"
    yield f"{name} app", str(apps.get_app_config(opts.app_label).verbose_name)
    yield f"{name} verbose_name", str(opts.verbose_name)
    yield f"{name} verbose_name_plural", str(opts.verbose_name_plural)
    columns = list(model_admin.get_list_display(request))
    columns += [f for f in model_admin.get_list_filter(request) if isinstance(f, str)]
    columns += [f.lstrip("^=@").split("__")[0] for f in model_admin.get_search_fields(request)]
    for column in dict.fromkeys(columns):
        if column == "__str__" or _djangos(model, column):
            continue
        yield f"{name} column {column}", str(label_for_field(column, model, model_admin))
    for field in opts.get_fields():
        if field.concrete and not field.auto_created and not _djangos(model, field.name):
            yield f"{name} field {field.name}", str(field.verbose_name)
    for action_name, (_func, _name, description) in model_admin.get_actions(request).items():
        # as the admin shows it: "Xóa các đơn vị đã chọn"
        yield f"{name} action {action_name}", str(description) % model_format_dict(opts)


def _djangos(model: type, name: str) -> bool:
    """Whether the field is one parindex's user takes from Django (and Django words)."""
    return issubclass(model, AbstractUser) and name in DJANGO_USER_FIELDS


def _found(language: str) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = type("Admin", (), {"is_active": True, "is_staff": True, "is_superuser": True,
                                       "has_perm": lambda self, *a: True})()  # fmt: skip
    found = []
    with translation.override(language):
        for model, model_admin in _parindex_admins():
            for where, text in _labels(model, model_admin, request):
                found += [f"{language} {where} «{text}»: {p}" for p in problems(text, language)]
    return sorted(set(found))


def test_parindex_registers_its_models_in_the_admin() -> None:
    assert len(_parindex_admins()) >= 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_admin_label_of_parindex_is_words_in_each_language(language: str) -> None:
    found = _found(language)
    assert not found, "\n".join(found)
