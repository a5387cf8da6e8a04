"""Name keys for search and duplicate warnings across scripts and spellings.

Mohammed, Muhammad, Mohamed and محمد should meet. A name is transliterated to Latin
(Arabic letters by a fixed table), stripped of accents, and reduced to a consonant
skeleton: vowels, doubled letters and common digraph spellings (ou/u, ph/f, kh/h…)
collapse. The keys are coarse on purpose; rapidfuzz then scores the candidates.
"""

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

_ARABIC = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ء": "",
    "ؤ": "u",
    "ئ": "i",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "w",
    "ي": "y",
    "ى": "a",
    "ـ": "",
}
# Spelling variants that transliterations of the same name commonly differ by.
_DIGRAPHS = (
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("ce", "se"),
    ("ci", "si"),
    ("q", "k"),
    ("c", "k"),
    ("j", "g"),
    ("y", "i"),
    ("w", "u"),
    ("z", "s"),
    ("x", "ks"),
)
_PARTICLES = {"al", "el", "ul", "bin", "ben", "ibn", "abu", "bint", "de", "van", "von"}


def _latin(text: str) -> str:
    text = re.sub(r"(?<!\w)ال(?=\w{2})", "", text)  # the Arabic article, written joined
    text = "".join(_ARABIC.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _skeleton(token: str) -> str:
    for old, new in _DIGRAPHS:
        token = token.replace(old, new)
    # Vowels are what transliterations disagree on most; a word of vowels keeps its first.
    token = re.sub(r"[aeiou]", "", token) or token[:1]
    return re.sub(r"(.)\1+", r"\1", token)


def name_tokens(*names: str) -> list[str]:
    """The distinct keys of every word in `names`, without particles like al-, bin, de."""
    keys: list[str] = []
    for name in names:
        for word in re.split(r"[^a-z]+", _latin(name)):
            if len(word) < 2 or word in _PARTICLES:
                continue
            key = _skeleton(word)
            if key and key not in keys:
                keys.append(key)
    return keys


def name_key(names: Iterable[str]) -> str:
    """The stored search key: space-separated, padded so `contains " key "` matches words."""
    return " {keys} ".format(keys=" ".join(name_tokens(*names)))


def similarity(a: str, b: str) -> float:
    """0–100: how alike two names are, half on spelling and half on their keys.

    Keys alone over-match (Muhammad and Mahmoud share m-h-m-d); spelling alone misses
    Mohammed/Muhammad. Averaging keeps both kinds of evidence.
    """
    spelled = fuzz.token_set_ratio(_latin(a), _latin(b))
    keyed = fuzz.token_set_ratio(" ".join(name_tokens(a)), " ".join(name_tokens(b)))
    return (spelled + keyed) / 2
