"""Analyses: what rules read about a document besides its text, each computed once.

An analysis is a pure function of a document and some hashable parameters (a lexicon, a
rule's cues), declared once with `@Analysis` beside the code that computes it:

    @Analysis
    def sentence_keys(doc: Document) -> list[str]: ...

Calling it looks in the document's store (`Document.analyses`) first, so every kind that
reads an analysis (the attribution rules, the sentence model and the topic rules all read the
sourcing of each sentence) shares one computation. The engine clears a document's store when
the document is done: a run holds the analyses of the documents in flight, not of every
document it has read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, cast

if TYPE_CHECKING:
    from audit.document import Document

P = ParamSpec("P")
T = TypeVar("T")


class Analyses:
    """One document's computed analyses, by compute function and parameters."""

    __slots__ = ("_done",)

    def __init__(self) -> None:
        self._done: dict[tuple[Hashable, ...], Any] = {}

    def get(
        self,
        compute: Callable[Concatenate[Document, P], T],
        doc: Document,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """`compute(doc, *args, **kwargs)`, computed the first time it is asked for."""
        key = (compute, args, *kwargs.items())
        try:
            return cast(T, self._done[key])
        except KeyError:
            value = self._done[key] = compute(doc, *args, **kwargs)
            return value

    def clear(self) -> None:
        """Forget every analysis (the document is done)."""
        self._done.clear()

    def __len__(self) -> int:
        return len(self._done)

    # analyses never travel with a document to another process (a worker, the spill file):
    # they are cheaper to compute again than to pickle, and their keys may not pickle
    def __reduce__(self) -> tuple[type[Analyses], tuple[()]]:
        return Analyses, ()


class Analysis(Generic[P, T]):
    """A declared analysis: `compute(doc, *params)`, kept in the document's store."""

    def __init__(self, compute: Callable[Concatenate[Document, P], T]) -> None:
        self.compute = compute
        functools.update_wrapper(self, compute)

    def __call__(self, doc: Document, *args: P.args, **kwargs: P.kwargs) -> T:
        return doc.analyses.get(self.compute, doc, *args, **kwargs)
