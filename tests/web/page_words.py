"""What a person reads on a page, and the words in it that are not for people.

``visible_text`` takes the text a browser shows (element text, ``<option>`` labels, button
values) and the text it shows on demand (``title``, ``placeholder``, ``aria-label``, ``alt``),
leaving out ``<script>``, ``<style>``, ``<template>``, hidden inputs, typed input values, and
text a page shows as code on purpose (``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``: the API
documentation's addresses, a token to copy).

``problems`` then finds, in that text:

* identifiers: ``snake_case`` words, ``name@version`` codes, ``kebab-case`` codes with a digit
  (``par-province-1149``);
* on a Vietnamese page, English: a word in plain Latin letters that cannot be a Vietnamese
  syllable (``accept``, ``rate``, ``draft``); a word in capitals is an abbreviation (``PAR``,
  ``TTHC``, ``PDF``) and allowed, as are the product names in ``PRODUCT_NAMES`` and a
  document's number (``766/QĐ-TTg``: the Prime Minister's ``TTg`` reads the same in both);
* on an English page, Vietnamese: any letter only Vietnamese writes (``ạ``, ``ơ``, ``đ``…),
  except in a word in capitals (a document number's ``QĐ-UBND``).

An element marked in a language (``lang="en"``: the API reference, "English" in the language
switch) is read in that language only.

Data people typed (a unit's name, a person's name, a document's title, a plan's task) may be
in either language. It is not detected by its words but by where it comes from: ``data_values``
reads every value of the model fields in ``DATA_FIELDS`` from the database, and ``problems``
blanks those values out of the text before it looks. The list names fields, never strings;
a framework's titles, guidance, input labels and units are not in it, because a framework
carries its English text (``title_en``, ``guidance_en``, an input's ``title_en``/``unit_en``).
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator

import yaml
from lxml import html as lxml_html

#: (app_label.Model, field) whose values people typed: allowed in either language
DATA_FIELDS: tuple[tuple[str, str], ...] = (
    ("organisations.Unit", "name"),
    ("organisations.Unit", "short_name"),
    ("accounts.User", "username"),
    ("accounts.User", "first_name"),
    ("accounts.User", "last_name"),
    ("accounts.User", "email"),
    ("assessments.Campaign", "name"),
    ("assessments.NodeComment", "text"),
    ("assessments.ItemScore", "reason"),
    ("assessments.ItemAppraisal", "reason"),
    ("assessments.ItemAppraisal", "explanation"),
    ("assessments.Reopening", "message"),
    ("assessments.ItemAppeal", "reason"),
    ("assessments.ItemAppeal", "answer"),
    ("evidence.Document", "title"),
    ("evidence.Document", "number"),
    ("evidence.Document", "issuer"),
    ("evidence.Document", "withdrawn_reason"),
    ("evidence.DocumentVersion", "original_name"),
    ("evidence.EvidenceLink", "note"),
    ("evidence.Explanation", "text"),
    ("frameworks.FrameworkUpload", "name"),
    ("api.ApiToken", "name"),
    ("notifications.Notification", "text"),
    ("dossiers.DossierUpload", "name"),
    ("dossiers.SavedMapping", "name"),
    ("plans.Plan", "title"),
    ("plans.Plan", "number"),
    ("plans.Plan", "symbol"),
    ("plans.Plan", "content"),  # JSON: each text in it (the tasks a province writes)
    ("plans.PlanVersion", "content"),
    ("plans.PlanVersion", "note"),
    ("plans.ItemReport", "note"),
    ("plans.ItemReport", "difficulties"),
    ("assessments.FrameworkVersion", "plan_defaults_yaml"),  # a plan's default texts
    ("dashboards.NationalResultSet", "file_name"),
    ("dashboards.NationalResultRow", "name"),
    ("surveys.Survey", "title"),
    ("surveys.ImportBatch", "file_name"),
)

#: product names written the same in both languages
PRODUCT_NAMES = frozenset(
    {
        "Excel",
        "Word",
        "Parquet",
        "Google",
        "Microsoft",
        "Authenticator",
        "FreeOTP",
        "Kobo",
        "KoboToolbox",
        "ODK",
        "Central",
        "LimeSurvey",
        "XLSForm",
        "parindex",  # this application
    }
)
#: units of measure written the same in both languages (Django's own Vietnamese: "14 byte")
UNIT_SYMBOLS = frozenset({"byte", "bytes", "KB", "MB", "GB"})

SKIPPED_TAGS = {"script", "style", "template", "code", "pre", "kbd", "samp", "noscript"}
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTONS = {"submit", "button", "reset"}

VIETNAMESE_LETTERS = set(
    "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
    "ÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"
)
#: a Vietnamese syllable without its marks: onset, one to three vowels, a final consonant
SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
IDENTIFIER = re.compile(
    r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b"  # snake_case
    r"|\b[\w.-]+@\d[\w.]*"  # name@version
    r"|\b[a-z]+(?:-[a-z0-9]+)*-\d[a-z0-9]*\b"  # kebab-case with a number: par-province-1149
    r"|\{\w*\}"  # a template's placeholder: {unit}
)
#: a document's number names it in both languages: 766/QĐ-TTg, 52/2019/QĐ-UBND, 6203/BNV-CCHC
DOCUMENT_NUMBER = re.compile(r"\b\d+(?:/\d+)?/[A-ZĐ]+(?:-[A-ZĐ][A-Za-zĐ]*)+")
#: a file's extension (.xlsx) names a kind of file in both languages
EXTENSION = re.compile(r"(?<![\w.])\.[a-z0-9]{2,5}\b")
WEB_ADDRESS = re.compile(r"\bhttps?://\S+")
URL = re.compile(r"\b(?:https?://|/)[^\s]*[/?][^\s]*|\b[\w.+-]+@[A-Za-z][\w-]*\.[\w.]+")


def visible_text(page: str, language: str | None = None, default: str = "vi") -> str:
    """The text a person reads on an HTML page in ``language`` (the page's own, ``<html
    lang>``, when not given), one piece per line. An element marked in another language
    (``lang="en"`` on "English" in the language switch) is read in that language only, and
    one marked ``translate="no"`` (a file's own column headings shown back) not at all."""
    root = lxml_html.fromstring(page)
    # a fragment (htmx) has no <html lang>: it is in the language it was asked in
    page_language = (root.get("lang") if root.tag == "html" else None) or default
    page_language = page_language.split("-")[0]
    wanted = language or page_language
    pieces: list[str] = []

    def walk(element, inherited: str) -> None:
        tail = (element.tail or "") if inherited == wanted else ""
        if not isinstance(element.tag, str):  # a comment or processing instruction
            pieces.append(tail)
            return
        tag = element.tag
        current = (element.get("lang") or inherited).split("-")[0]
        skipped = (
            tag in SKIPPED_TAGS
            or element.get("hidden") is not None
            or element.get("translate") == "no"
            or (tag == "input" and (element.get("type") or "").lower() == "hidden")
        )
        if not skipped:
            if current == wanted:
                if tag == "input" and (element.get("type") or "").lower() in BUTTONS:
                    pieces.append(element.get("value") or "")
                pieces.extend(element.get(name) or "" for name in SHOWN_ATTRIBUTES)
                if tag != "textarea":  # what a textarea holds was typed
                    pieces.append(element.text or "")
            if tag != "textarea":
                for child in element:
                    walk(child, current)
        pieces.append(tail)

    walk(root, page_language)
    text = "\n".join(" ".join(p.split()) for p in pieces if p and p.strip())
    return unicodedata.normalize("NFC", text)


def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word could be written Vietnamese (marks removed, ``đ`` taken as ``d``)."""
    plain = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return bool(SYLLABLE.fullmatch(plain))


def data_pattern(values: Iterable[str]) -> re.Pattern[str]:
    """One expression matching any of ``values`` as whole words, longest first."""
    ordered = sorted({" ".join(v.split()) for v in values if v.strip()}, key=len, reverse=True)
    # a value a page shows over several lines (<br>) still matches: any space is any spaces
    alternatives = "|".join(r"\s+".join(map(re.escape, v.split())) for v in ordered) or "(?!)"
    # a page may capitalise a stored text ("công tác…" under |capfirst)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _blank(text: str, data: re.Pattern[str] | None) -> str:
    text = WEB_ADDRESS.sub(" · ", text)  # first: a stored text may be part of an address
    if data is not None:
        text = data.sub(" · ", text)
    text = DOCUMENT_NUMBER.sub(" · ", text)
    return EXTENSION.sub(" · ", URL.sub(" · ", text))


def problems(text: str, language: str, data: re.Pattern[str] | None = None) -> list[str]:
    """Each word of ``text`` that is a code, or in the page's other language, once."""
    text = _blank(text, data)
    found: dict[str, str] = {}
    for match in IDENTIFIER.finditer(text):
        found.setdefault(match.group(), "identifier")
    text = IDENTIFIER.sub(" · ", text)
    for word in WORD.findall(text):
        word = "".join(c for c in word if c.isalpha() or c in "'’")
        if language == "vi":
            if (
                len(word) > 1
                and not word.isupper()
                and word not in PRODUCT_NAMES
                and word not in UNIT_SYMBOLS
                and not any(c in VIETNAMESE_LETTERS for c in word)
                and not is_vietnamese_syllable(word)
            ):
                found.setdefault(word, "English on a Vietnamese page")
        elif any(c in VIETNAMESE_LETTERS for c in word) and not word.isupper():
            found.setdefault(word, "Vietnamese on an English page")
    return [f"{why}: {word!r}" for word, why in found.items()]


def context(text: str, word: str, width: int = 60) -> str:
    """The line of ``text`` where ``word`` first appears, cut to ``width`` around it."""
    whole = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    for line in text.splitlines():
        found = whole.search(line)
        if found:
            at = found.start()
            return line[max(0, at - width // 2) : at + len(word) + width // 2]
    return ""


def _texts(value, *, json_text: bool = False) -> Iterator[str]:
    """The text of a field's value; for a JSON document, each text in it."""
    if json_text and isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str) and value.strip():
        yield value.strip()
        yield " ".join(value.split())  # as a page shows it, whitespace collapsed


def data_values() -> re.Pattern[str]:
    """Every value of ``DATA_FIELDS`` in the database, as one ``data_pattern``."""
    from django.apps import apps

    values: set[str] = set()
    for label, field in DATA_FIELDS:
        model = apps.get_model(label)
        for value in model._default_manager.values_list(field, flat=True):
            if field.endswith("_yaml") and value:
                value = yaml.safe_load(value)
            values.update(_texts(value, json_text=field == "content"))
    return data_pattern(values)
