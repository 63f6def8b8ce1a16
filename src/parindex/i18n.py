"""Translations outside Django: the standard library's gettext over one `parindex` catalogue.

As in the web's catalogues, Vietnamese is the source language: the msgids are the Vietnamese
texts and `locale/en/LC_MESSAGES/parindex.po` holds their English (`make messages` extracts
and compiles it). Tables of words mark their texts with `gettext_noop` / `pgettext_noop` and
translate them when they are shown, in the language the caller passes.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import NamedTuple

DOMAIN = "parindex"
SOURCE_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
LOCALE_DIR = Path(__file__).with_name("locale")


class Message(NamedTuple):
    """A Vietnamese text to translate; the context tells apart two senses of one text."""

    msgid: str
    context: str = ""


def gettext_noop(msgid: str) -> Message:
    """Mark `msgid` for extraction; it is translated when shown."""
    return Message(msgid)


def pgettext_noop(context: str, msgid: str) -> Message:
    """Mark `msgid` in `context` for extraction; it is translated when shown."""
    return Message(msgid, context)


def language(code: str | None) -> str:
    """The supported language of a language code: 'en', 'en-us' → 'en'; anything else → 'vi'."""
    return "en" if (code or SOURCE_LANGUAGE).lower().startswith("en") else SOURCE_LANGUAGE


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`; the source language needs none."""
    lang = language(lang)
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def translate(message: Message, lang: str) -> str:
    """The text of `message` in `lang`."""
    found = catalogue(lang)
    if message.context:
        return found.pgettext(message.context, message.msgid)
    return found.gettext(message.msgid)
