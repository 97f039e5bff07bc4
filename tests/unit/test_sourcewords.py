"""The attribution analysis' word lists, read from `audit/data/`."""

from __future__ import annotations

from importlib import resources

import pytest

from audit import sourcewords
from audit.sourcewords import IRREGULAR, NOUN_LIKE_BASES, SPEECH_VERBS, verb_forms
from audit.wordlists import load_words

DATA = resources.files("audit").joinpath("data")
SHARED = ["speech-verbs.txt", "vague-sources.txt", "document-nouns.txt", "non-names.txt"]
LISTS = SHARED + sorted(
    f"{folder}/{f.name}"
    for folder in ("attribution", "inventory")
    for f in DATA.joinpath(folder).iterdir()
)


@pytest.mark.parametrize("name", LISTS)
def test_every_list_says_what_it_is_for_and_holds_each_entry_once(name: str) -> None:
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    assert text.startswith("#"), f"{name}: start with a comment saying what the words are for"
    words = load_words(name)
    assert words and len(words) == len(set(words)), name


def test_the_speech_verbs_are_one_list_of_base_forms() -> None:
    assert {"say", "tell", "warn", "insist", "opine"} <= SPEECH_VERBS
    assert "said" not in SPEECH_VERBS and "says" not in SPEECH_VERBS


def test_verb_forms_inflect_regular_and_irregular_verbs() -> None:
    forms = verb_forms(frozenset({"say", "worry", "note", "stress", "warn", "spot"}))
    assert {"say", "says", "said", "saying"} <= forms
    assert {"worries", "worried", "worrying"} <= forms
    assert {"notes", "noted", "noting"} <= forms
    assert {"stresses", "stressed", "stressing"} <= forms
    assert {"warns", "warned", "warning"} <= forms
    assert {"spotted", "spotting"} <= forms
    assert IRREGULAR["know"] == ("knew", "known")


def test_a_base_form_mostly_a_noun_is_no_verb_form() -> None:
    forms = verb_forms(frozenset({"report", "state"}))
    assert {"reports", "reported", "states", "stated"} <= forms
    assert forms.isdisjoint(NOUN_LIKE_BASES)


def test_the_sentence_end_follows_added() -> None:
    assert "" in sourcewords.AFTER_ADDED and "that" in sourcewords.AFTER_ADDED
    assert sourcewords.AFTER_ADDED < sourcewords.AFTER_POSTED
