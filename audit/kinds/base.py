"""What every rule kind shares: declared option fields, option decoding, and the check protocol.

A kind is a small class (as in yamllint's rule modules): it declares its options in `fields`,
is built once per rule from the decoded options, and `check()` yields `Hit`s for a document.
The engine turns hits into findings carrying the rule's id, category, severity and message.
Two protocols declare what some kinds do besides: index a run's documents before any is
checked (`CrossDocument`), and tell the engine which sentences are claims (`ClaimFinder`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from audit import saferegex
from audit.attribution import Lexicon, default_lexicon
from audit.document import Document
from audit.outlets import Registry, default_registry


@dataclass(frozen=True)
class Field:
    """One option a kind accepts: its type, default and whether it is required."""

    type: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """A span a kind found, with values the rule's message may interpolate."""

    start: int
    end: int
    values: dict[str, str] = field(default_factory=dict)
    related: tuple[tuple[int, int], ...] = ()  # other spans the finding links to


class OptionError(ValueError):
    """An option value of the wrong type or form; `key` names the option."""

    def __init__(self, key: str, message: str, index: int | None = None):
        super().__init__(message)
        self.key = key
        self.index = index


@dataclass
class RunContext:
    """What the documents of one run share: the pack's lexicon (which every kind analyses
    sourcing with), the outlet registry, and what cross-document kinds index
    (`CrossDocument.index`)."""

    data: dict[str, Any] = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=default_lexicon)
    outlets: Registry = field(default_factory=default_registry)  # the outlet registry


class Kind:
    """Base class of rule kinds."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    fields: ClassVar[dict[str, Field]] = {}
    # the rule's spans are not the article's own text (an ad): claims inside them are not its
    not_article: bool = False
    # the rule backs the others up: its findings are dropped where a rule of the same category
    # already reports an overlapping span (the sentence model beside the cue lists)
    backstop: bool = False

    def __init__(self, options: dict[str, Any]):
        self.options = options
        for key, value in options.items():
            setattr(self, key, value)

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        raise NotImplementedError


@runtime_checkable
class CrossDocument(Protocol):
    """A kind that indexes every document of a run before any is checked. The engine gives it
    one document at a time, so a streamed run never holds all its documents."""

    @property
    def indexes(self) -> bool:
        """Whether this rule needs the index (a kind may index in one mode only)."""
        ...

    def index(self, doc: Document, position: int, run: RunContext) -> None:
        """Add the document at `position` (0, 1, ... in run order) to the run's index."""
        ...


@runtime_checkable
class ClaimFinder(Protocol):
    """A kind that tells claim sentences: the engine's source inventory counts which of them
    are sourced, and the kind's lexicon is the pack's (`RunContext.lexicon`)."""

    @property
    def finds_claims(self) -> bool:
        """Whether this rule reports claims (a kind may in one mode only)."""
        ...

    @property
    def lexicon(self) -> Lexicon: ...

    def claims(self, doc: Document) -> Mapping[int, str]:
        """Claim sentences (index -> the cue that makes each one), sourced or not."""
        ...


def decode_options(kind: type[Kind], raw: dict[str, Any]) -> dict[str, Any]:
    """Type-check and default a kind's options; raises OptionError naming the key."""
    out: dict[str, Any] = {}
    for key, spec in kind.fields.items():
        if key not in raw:
            if spec.required:
                raise OptionError(key, f"kind '{kind.name}' needs option '{key}'")
            out[key] = _copy_default(spec.default)
            continue
        out[key] = _decode(key, spec, raw[key])
    return out


def _copy_default(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


def _decode(key: str, spec: Field, value: Any) -> Any:
    t = spec.type
    if t == "str":
        if not isinstance(value, str):
            raise OptionError(key, f"'{key}' must be a string")
        return value
    if t == "bool":
        if not isinstance(value, bool):
            raise OptionError(key, f"'{key}' must be true or false")
        return value
    if t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(key, f"'{key}' must be a whole number")
        return value
    if t == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OptionError(key, f"'{key}' must be a number")
        if not math.isfinite(value):  # a NaN threshold is a check that never fires
            raise OptionError(key, f"'{key}' must be a finite number")
        return float(value)
    if t == "choice":
        if value not in spec.choices:
            raise OptionError(key, f"'{key}' must be one of: {', '.join(spec.choices)}")
        return value
    if t in ("strings", "regexes"):
        if isinstance(value, str):
            value = [value]
        if t == "regexes" and isinstance(value, list):
            value = [_alternation(v) for v in value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OptionError(key, f"'{key}' must be a list of strings")
        if t == "regexes":
            for i, v in enumerate(value):
                check_regex(key, v, i)
        return list(value)
    if t == "regex":
        if not isinstance(value, str):
            raise OptionError(key, f"'{key}' must be a regular expression string")
        check_regex(key, value)
        return value
    raise AssertionError(f"unknown field type {t}")


def _alternation(entry: Any) -> Any:
    """A regex written one alternative a line (a list of strings): the alternatives joined by
    '|', exactly the regex that one line holding them all would be."""
    if isinstance(entry, list) and entry and all(isinstance(v, str) for v in entry):
        return "|".join(entry)
    return entry


def check_regex(key: str, pattern: str, index: int | None = None, flags: int = 0) -> None:
    try:
        saferegex.validate(pattern, flags)
    except saferegex.error as exc:
        raise OptionError(key, f"bad regular expression in '{key}': {exc}", index) from None


def phrase_regex(
    phrases: Iterable[str], flags: int = saferegex.IGNORECASE
) -> saferegex.Pattern | None:
    """One alternation matching any phrase as whole words, with flexible spaces and apostrophes."""
    parts = []
    # longest first; phrases of one length in a fixed order (not the set's, which changes
    # from run to run), so that the pack's cache knows the alternation (`audit.regexcache`)
    unique = {p.strip() for p in phrases if p.strip()}
    for phrase in sorted(unique, key=lambda p: (-len(p), p)):
        escaped = re.escape(phrase)
        escaped = re.sub(r"(?:\\\s|\\ )+", r"\\s+", escaped)
        escaped = re.sub("['’]", "['’]", escaped)
        parts.append(escaped)
    if not parts:
        return None
    return saferegex.compile_alternation(parts, flags, before=r"(?<![\w])", after=r"(?![\w])")
