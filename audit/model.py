"""The core value types: categories, severities and findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a category's findings are to the engine's filters (`audit.engine`)."""

    CLAIM = "claim"  # a claim with no source: dropped in stock text and in a vague source's clause
    SOURCE = "source"  # a poor source: dropped in stock text; it covers its clause's claims
    PADDING = "padding"  # text off the story's subject
    BOILERPLATE = "boilerplate"  # stock text: not the article, so claims inside it are not its own


@dataclass(frozen=True)
class Category:
    """A finding category, as a rule pack declares it (`categories` in pack.yaml)."""

    id: str
    label: str  # the HTML report's name: "Unattributed claim"
    short: str  # a Markdown table's column head: "unattributed"
    letter: str  # the HTML report's badge: "U"
    colour: str = ""  # the terminal report's colour (a rich colour name)
    weight: float | None = None  # overall score weight per 100 words, where the pack fits none
    role: Role | None = None

    @classmethod
    def named(cls, id: str) -> Category:
        """A category known by its id alone (declared as a bare name, or not at all)."""
        return cls(id, label=id, short=id, letter=id[:1].upper() or "?")


@dataclass(frozen=True)
class Categories:
    """The categories of a run, in the order reports show them."""

    items: tuple[Category, ...] = ()

    def __iter__(self) -> Iterator[Category]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, id: object) -> bool:
        return any(c.id == id for c in self.items)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.items)

    def get(self, id: str) -> Category:
        """The category `id`; one known by its id alone when it is not declared."""
        return next((c for c in self.items if c.id == id), None) or Category.named(id)

    def with_role(self, *roles: Role) -> frozenset[str]:
        return frozenset(c.id for c in self.items if c.role in roles)

    def weights(self) -> dict[str, float]:
        """The declared overall-score weights, by category id."""
        return {c.id: c.weight for c in self.items if c.weight is not None}

    def merged(self, declared: Iterable[Category]) -> Categories:
        """These categories and `declared` after them; a category declared again keeps its
        place and takes its last declaration."""
        by_id = {c.id: c for c in self.items}
        for category in declared:
            by_id[category.id] = category
        return Categories(tuple(by_id.values()))


class Severity(StrEnum):
    """How serious a finding is; also scales its weight in the score."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def factor(self) -> float:
        return _SEVERITY_FACTOR[self]


_SEVERITY_FACTOR = {Severity.INFO: 0.5, Severity.WARNING: 1.0, Severity.ERROR: 1.5}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which rule, where (character span into the document text), and why."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    message: str
    weight: float = 1.0
    # other spans the finding is about (both statements of a contradiction), as (start, end)
    related: tuple[tuple[int, int], ...] = ()

    @property
    def penalty(self) -> float:
        return self.weight * self.severity.factor
