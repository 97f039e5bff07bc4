"""The words the topic analysis compares: stems, content terms and names."""

from __future__ import annotations

from audit.document import Document
from audit.topic.terms import GENERIC, STOPWORDS, sentence_terms, stem, terms, word_at


def _terms(text: str):
    return terms(text, 0, len(text))


def test_a_stem_folds_case_possessives_and_a_suffix_and_keeps_six_letters() -> None:
    assert stem("waking") == stem("wake") == "wak"
    assert stem("controls") == stem("control") == "contro"
    assert stem("industry") == stem("industrial") == "indust"
    assert stem("Xi’s") == stem("Xi's") == "xi"
    assert stem("class") == "class"  # not "clas": a double s is no plural


def test_capitalised_runs_are_names_and_of_joins_them() -> None:
    t = _terms("The Bank of England raised rates, officials at Goldman Sachs said.")
    assert set(t.names) == {frozenset({"bank", "englan"}), frozenset({"goldma", "sach"})}
    assert {"bank", "englan", "rais", "rat"} <= set(t.stems)


def test_a_sentence_start_is_a_name_only_when_a_name_goes_on() -> None:
    assert _terms("Rates rose on Monday.").names == ()  # "Monday" is generic
    assert _terms("Jordan Pike opened a barbershop.").names == (frozenset({"jordan", "pik"}),)
    assert _terms("NATO leaders met.").names == (frozenset({"nato"}),)  # an acronym


def test_stopwords_and_generic_words_are_never_terms() -> None:
    assert {"the", "would", "that"} <= STOPWORDS and {"officials", "tuesday"} <= GENERIC
    t = _terms("Officials said on Tuesday that the new plan would continue.")
    assert t.stems == () and t.names == ()  # "Officials", "Tuesday": capitalised, no one
    assert _terms("Officials said the ferry would continue.").stems == ("ferr",)


def test_the_name_stems_of_all_names() -> None:
    t = _terms("Talks between Ostrava Bay and Port Anselm stalled.")
    assert t.name_stems == {"ostrav", "bay", "port", "anselm"}


def test_word_at_reads_a_word_with_its_apostrophes_and_hyphens() -> None:
    assert word_at("Pike's shop", 0) == "Pike's"
    assert word_at("an ex-Rovers winger", 3) == "ex-Rovers"
    assert word_at(", then", 0) is None


def test_sentence_terms_skip_headings() -> None:
    doc = Document.build("Harbour Reopens\n\nThe harbour reopened on Friday.", "h")
    by_sentence = sentence_terms(doc)
    assert list(by_sentence) == [1]
    assert set(by_sentence[1].stems) == {"harbou", "reopen"}
