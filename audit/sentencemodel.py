"""A learned sentence scorer: the probability that a sentence is an unattributed claim or a vague
attribution, from its words and the attribution analysis' signals.

Cue lists find what their authors thought of; a claim with no cue word ("Solvane is on fire.")
slips past them. This model is a logistic regression over the sentence's words and word pairs
plus a few signals of the analysis (a source found, a quotation, a number), trained on the
project's labelled articles and real Wikipedia sentences (`audit/train.py`). At run time it is a
dictionary of feature weights summed per sentence: pure Python, no numpy.

Features are strings, not hashes, so that a finding can say which words pushed its score.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import struct
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from audit import regexcache
from audit.attribution import SentenceSourcing, continues_source
from audit.document import Document, Sentence
from audit.document import words as plain_words

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_MODEL = DATA / "sentence-model.json"
SENTIMENT = DATA / "vader-lexicon.tsv"  # VADER's valences (MIT): evaluation without cue lists
STRONG = 2.0  # |valence| from which a word is strongly evaluative ("disaster", "brilliant")
FORMAT = 1

# words as the model sees them: digits folded to 0, so "40%" and "15%" are one feature
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[%$£€?!]")
_DIGITS = re.compile(r"[0-9]+")

# What the signal features mean, for explanations ("no source in sentence").
SIGNALS: dict[str, str] = {
    "s:no-source": "no source in sentence",
    "s:vague-source": "an unnamed source",
    "s:other-source": "a source the analysis could not name",
    "s:quote": "a quotation",
    "s:number": "a number",
    "s:question": "a question",
    "s:exclaim": "an exclamation",
    "s:first": "opens its paragraph",
    "s:names": "names in the sentence",
    "s:len-short": "a short sentence",
    "s:len-mid": "a mid-length sentence",
    "s:len-long": "a long sentence",
    "l:pos": "a positive word",
    "l:neg": "a negative word",
    "l:strong": "a strongly evaluative word",
    "l:many": "several evaluative words",
}


def _lexicon(path: Path) -> dict[str, float]:
    """A word -> number table (tab-separated, # comments) from audit/data."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, value = line.split("\t")
            out[word] = float(value)
    return out


@lru_cache(maxsize=1)
def sentiment() -> dict[str, float]:
    """Word -> valence, from the VADER lexicon shipped in audit/data."""
    return _lexicon(SENTIMENT)


def candidates(
    doc: Document, sourcing: list[SentenceSourcing], min_words: int = 5, max_quoted: float = 0.6
) -> list[int]:
    """The sentences the model scores: prose (not headings), long enough to assert something,
    not mostly quoted speech, and with no named source of their own or carried over from the
    sentence before ("He added ..."): where the analysis found a named source, that wins."""
    out = []
    for i, sentence in enumerate(doc.sentences):
        if sentence.heading or sourcing[i].resolved:
            continue
        length = sentence.end - sentence.start
        if doc.quoted_chars(sentence.start, sentence.end) > max_quoted * length:
            continue
        if len(plain_words(doc.text[sentence.start : sentence.end])) < min_words:
            continue
        if continues_source(doc, sourcing, i):
            continue
        out.append(i)
    return out


def words(text: str) -> list[str]:
    """Lower-cased words of a sentence, digits folded."""
    return [_DIGITS.sub("0", w) for w in _WORD.findall(text.lower())]


def features(doc: Document, index: int, sourcing: SentenceSourcing) -> list[str]:
    """The features of sentence `index`: its words (w:), word pairs (b:) and signals (s:)."""
    sentence: Sentence = doc.sentences[index]
    text = doc.text[sentence.start : sentence.end]
    ws = words(text)
    out = [f"w:{w}" for w in ws]
    out += [f"b:{a} {b}" for a, b in zip(["<s>", *ws], [*ws, "</s>"], strict=True)]
    attributions = sourcing.attributions
    if not attributions:
        out.append("s:no-source")
    elif sourcing.vague:
        out.append("s:vague-source")
    else:
        out.append("s:other-source")
    if doc.quoted_chars(sentence.start, sentence.end):
        out.append("s:quote")
    if any(c.isdigit() for c in text):
        out.append("s:number")
    if text.rstrip().endswith("?"):
        out.append("s:question")
    if "!" in text:
        out.append("s:exclaim")
    if index == 0 or doc.sentences[index - 1].paragraph != sentence.paragraph:
        out.append("s:first")
    # capitalised words after the first: names and places, the stuff of reported events
    caps = sum(1 for w in text.split()[1:] if w[:1].isupper())
    if caps >= 2:
        out.append("s:names")
    # evaluative words generalise where the word features have not seen the word itself
    valences = [v for v in map(sentiment().get, ws) if v is not None]
    if valences:
        out.append("l:pos" if max(valences) > 0 else "l:neg")
        if min(valences) < 0 < max(valences):
            out.append("l:neg")
        if any(abs(v) >= STRONG for v in valences):
            out.append("l:strong")
        if len(valences) >= 2:
            out.append("l:many")
    n = len(ws)
    out.append("s:len-short" if n < 10 else "s:len-mid" if n < 25 else "s:len-long")
    return out


@dataclass(frozen=True)
class Head:
    """One category's logistic regression: a bias and a weight per feature."""

    bias: float
    weights: dict[str, float]

    def probability(self, feats: Iterable[str]) -> float:
        """P(category) for a sentence's features (each counts once: they are a set)."""
        get = self.weights.get
        z = self.bias + sum(get(f, 0.0) for f in frozenset(feats))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, feats: Iterable[str], n: int = 3) -> list[str]:
        """The features that pushed the score up most, in words, and whether the sentence has
        no source at all (what makes a likely claim a finding)."""
        feats = frozenset(feats)
        pushed = sorted(((self.weights.get(f, 0.0), f) for f in feats), key=lambda p: (-p[0], p[1]))
        out = [describe(f) for w, f in pushed[:n] if w > 0]
        if "s:no-source" in feats:
            out.append(SIGNALS["s:no-source"])
        return out


def describe(feature: str) -> str:
    """A feature in words: "evaluative: 'toothless'", "opens with 'most'", "'will pay'"."""
    kind, _, value = feature.partition(":")
    if kind in ("s", "l"):
        return SIGNALS.get(feature, value)
    if kind == "b" and value.startswith("<s> "):
        return f"opens with '{value[4:]}'"
    if kind == "b" and value.endswith(" </s>"):
        return f"ends with '{value[:-5]}'"
    if kind == "w" and value in sentiment():
        return f"evaluative: '{value}'"
    return f"'{value}'"


@dataclass(frozen=True)
class SentenceModel:
    heads: dict[str, Head]
    meta: dict

    def head(self, name: str) -> Head:
        try:
            return self.heads[name]
        except KeyError:
            raise ValueError(
                f"the sentence model has no head '{name}' (it has: {', '.join(self.heads)})"
            ) from None


def to_json(model: SentenceModel) -> str:
    """Sorted, rounded, one feature per line: a stable file that diffs well."""
    data = {
        "format": FORMAT,
        "meta": model.meta,
        "heads": {
            name: {
                "bias": round(h.bias, 5),
                "weights": {f: round(w, 5) for f, w in sorted(h.weights.items())},
            }
            for name, h in sorted(model.heads.items())
        },
    }
    return json.dumps(data, indent=0, ensure_ascii=False, sort_keys=True) + "\n"


def from_json(text: str) -> SentenceModel:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown sentence-model format {data.get('format')!r}")
    heads = {
        name: Head(float(h["bias"]), {str(k): float(v) for k, v in h["weights"].items()})
        for name, h in data["heads"].items()
    }
    return SentenceModel(heads, data.get("meta", {}))


@lru_cache(maxsize=8)
def load(path: str = "") -> SentenceModel:
    """The model at `path` (the packaged one when empty), read once per process. Parsing
    its JSON (60,000 weights) took a good part of a run's start; the weights are kept
    unpacked in the user's cache folder (`audit.regexcache`), under the hash of the file."""
    file = Path(path) if path else DEFAULT_MODEL
    data = file.read_bytes()
    name = f"model-{PACKED}-{hashlib.sha256(data).hexdigest()[:32]}.bin"
    packed = regexcache.read_file(name)
    model = unpack(packed) if packed is not None else None
    if model is None:
        model = from_json(data.decode("utf-8"))
        if (blob := pack(model)) is not None:
            regexcache.save_file(name, blob)
    return model


PACKED = 1  # the layout below
_SIZE = struct.Struct("<Q")


def pack(model: SentenceModel) -> bytes | None:
    """The model as bytes `unpack` reads fast: a JSON header (meta, and each head's name,
    bias and number of weights), then per head its feature names joined by NUL and its
    weights as doubles. None when a feature name holds a NUL."""
    heads = list(model.heads.items())
    if any("\0" in f for _, h in heads for f in h.weights):
        return None
    header = json.dumps(
        {"meta": model.meta, "heads": [[n, h.bias, len(h.weights)] for n, h in heads]}
    ).encode("utf-8")
    parts = [_SIZE.pack(len(header)), header]
    for _, h in heads:
        names = "\0".join(h.weights).encode("utf-8")
        parts += [_SIZE.pack(len(names)), names, array("d", h.weights.values()).tobytes()]
    return b"".join(parts)


def unpack(data: bytes) -> SentenceModel | None:
    """The model `pack` made, or None for bytes that are not one."""
    try:
        (size,) = _SIZE.unpack_from(data, 0)
        header = json.loads(data[8 : 8 + size])
        pos, heads = 8 + size, {}
        for name, bias, count in header["heads"]:
            (size,) = _SIZE.unpack_from(data, pos)
            names = data[pos + 8 : pos + 8 + size].decode("utf-8").split("\0") if count else []
            pos += 8 + size
            values = array("d", data[pos : pos + 8 * count])
            pos += 8 * count
            if len(names) != count or len(values) != count:
                return None
            heads[str(name)] = Head(float(bias), dict(zip(names, values.tolist(), strict=True)))
        if pos != len(data) or not isinstance(header["meta"], dict):
            return None
        return SentenceModel(heads, header["meta"])
    except (ValueError, TypeError, KeyError, IndexError, struct.error):
        return None
