"""The French and Arabic catalogues are complete, safe to format, compiled, and used by Django.

No database is needed. When this fails after someone added or changed a string, follow
locale/README.md: makemessages, translate, `make messages`, then run this file again.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LANGUAGES = ["fr", "ar"]
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
}

# {{ name }} (template variables), %(name)s / %% (printf style), {name} / {} (str.format).
TEMPLATE_VAR = re.compile(r"\{\{\s*[\w.|:\"']+\s*\}\}")
PRINTF = re.compile(r"%\(\w+\)[sdif]|%%")
BRACE = re.compile(r"\{[\w.]*(?:![rsa])?(?::[^{}]*)?\}")
HTML_TAG = re.compile(r"</?([a-zA-Z][\w-]*)[^>]*>")

# Do no harm: labels must stay neutral. A translation may use these only where the English does.
LOADED_TERMS = {
    "terror": ("terror", "terroris", "إرهاب"),
    "jihad": ("jihad", "djihad", "جهادي", "جهاد"),
    "extremist": ("extrémiste", "متطرف"),
    "radical": ("radicalisé", "متشدد"),
}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(po_path(lang)))


def placeholders(text: str) -> Counter[str]:
    found: Counter[str] = Counter(m.group(0).replace(" ", "") for m in TEMPLATE_VAR.finditer(text))
    rest = TEMPLATE_VAR.sub("", text)
    found.update(m.group(0) for m in PRINTF.finditer(rest))
    found.update(m.group(0) for m in BRACE.finditer(rest))
    return found


def translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English source, translation) pairs: one per plural form for plural entries."""
    if entry.msgid_plural:
        forms = sorted(entry.msgstr_plural.items())
        return [(entry.msgid if i == 0 else entry.msgid_plural, text) for i, text in forms]
    return [(entry.msgid, entry.msgstr)]


def label(entry: polib.POEntry) -> str:
    return "{msgid!r} ({where})".format(
        msgid=entry.msgid, where=", ".join("{}:{}".format(*o) for o in entry.occurrences[:2])
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_header(lang: str) -> None:
    po = catalogue(lang)
    assert po.metadata.get("Language") == lang
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[lang]
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy"
    assert len(po) > 100, "the catalogue is nearly empty: was makemessages run?"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_translated(lang: str) -> None:
    po = catalogue(lang)
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[lang]).group(1))  # type: ignore[union-attr]
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append("fuzzy: " + label(entry))
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if sorted(forms) != list(range(nplurals)) or not all(v.strip() for v in forms.values()):
                problems.append("plural forms not all filled: " + label(entry))
        elif not entry.msgstr.strip():
            problems.append("untranslated: " + label(entry))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_and_markup_kept(lang: str) -> None:
    problems = []
    for entry in catalogue(lang):
        if entry.obsolete:
            continue
        for source, text in translations(entry):
            if placeholders(text) != placeholders(source):
                problems.append(
                    "placeholders {got} instead of {want}: {e}".format(
                        got=dict(placeholders(text)), want=dict(placeholders(source)), e=label(entry)
                    )
                )
            if Counter(HTML_TAG.findall(text)) != Counter(HTML_TAG.findall(source)):
                problems.append("HTML tags differ: " + label(entry))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_loaded_terms_added(lang: str) -> None:
    problems = []
    for entry in catalogue(lang):
        for source, text in translations(entry):
            for english, terms in LOADED_TERMS.items():
                if english not in source.lower() and any(t in text.lower() for t in terms):
                    problems.append("{t!r} not in the English: {e}".format(t=english, e=label(entry)))
    assert not problems, "\n".join(problems)


def _as_catalogue(entries: list[polib.POEntry] | polib.MOFile) -> dict[tuple[str, str, str], object]:
    return {
        (e.msgctxt or "", e.msgid, e.msgid_plural or ""): (
            tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
        )
        for e in entries
        if e.msgid
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_mo_matches_po(lang: str) -> None:
    """The .mo in git holds exactly what `manage.py compile_translations` makes of the .po."""
    assert mo_path(lang).exists(), "no .mo: run `make messages`"
    po = catalogue(lang)
    mo = polib.mofile(str(mo_path(lang)))
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")
    expected = _as_catalogue(po.translated_entries())
    compiled = _as_catalogue(mo)
    stale = sorted(set(expected) ^ set(compiled)) + sorted(
        k for k in set(expected) & set(compiled) if expected[k] != compiled[k]
    )
    assert not stale, "the .mo is stale, run `make messages`; differing entries:\n" + "\n".join(
        repr(k[1]) for k in stale[:20]
    )


KEY_STRINGS = {
    "fr": {
        "Cases": "Dossiers",
        "Dashboard": "Tableau de bord",
        "Sign in": "Se connecter",
        "Household": "Ménage",
        "Referral": "Orientation",
        "Disclosure log": "Journal des divulgations",
    },
    "ar": {
        "Cases": "الملفات",
        "Dashboard": "لوحة المعلومات",
        "Sign in": "تسجيل الدخول",
        "Household": "الأسرة المعيشية",
        "Referral": "الإحالة",
        "Disclosure log": "سجل الإفصاح",
    },
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_django_uses_the_translations(lang: str) -> None:
    with translation.override(lang):
        got = {msgid: translation.gettext(msgid) for msgid in KEY_STRINGS[lang]}
        assert translation.get_language_bidi() is (lang == "ar")
    assert got == KEY_STRINGS[lang]


CASE_COUNT = ("%(n)s case", "%(n)s cases")


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fr", 0, "0 dossier"),
        ("fr", 1, "1 dossier"),
        ("fr", 2, "2 dossiers"),
        ("ar", 1, "1 ملف"),
        ("ar", 5, "5 ملفات"),
        ("ar", 11, "11 ملفًا"),
        ("ar", 100, "100 ملف"),
    ],
)
def test_plural_forms_follow_the_language(lang: str, n: int, expected: str) -> None:
    singular, plural = CASE_COUNT  # variables, so that makemessages does not collect this file
    with translation.override(lang):
        text = translation.ngettext(singular, plural, n) % {"n": n}
    assert text == expected


def test_untranslated_language_falls_back_to_english() -> None:
    msgid = "Cases"
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid
