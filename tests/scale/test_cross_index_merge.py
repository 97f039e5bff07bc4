"""The first pass on a cluster: indexes of consecutive partitions, merged in partition order,
equal the index a local run builds one document at a time (counts and sampled positions)."""

from __future__ import annotations

from audit.document import Document
from audit.engine import Engine
from audit.kinds.boilerplate import INDEX, SAMPLE, CrossIndex

FOOTER = "The Valley Courier has served the towns of the valley since 1952 and will go on."
SHORT = "Valley Courier · Weekend Edition"


def documents(n: int) -> list[Document]:
    docs = []
    for i in range(n):
        extra = f"\n\n{SHORT}" if i % 3 == 0 else ""
        text = (
            f"Story number {i} of the week\n\nThe council met on day {i} to discuss item {i}."
            f"{extra}\n\n{FOOTER}\n"
        )
        docs.append(Document.build(text, f"doc-{i}.txt"))
    return docs


def snapshot(index: CrossIndex) -> tuple:
    keys = sorted((h, c, tuple(s)) for h, c, s in index.entries())
    return keys, [tuple(c) if c is not None else None for c in index.cores], index.sites


def partial(engine: Engine, docs: list[Document]) -> CrossIndex:
    run = engine.start()
    for n, doc in enumerate(docs):
        engine.index(doc, n, run)
    return run.data[INDEX]


def test_merged_partitions_equal_the_sequential_index(engine: Engine) -> None:
    docs = documents(3 * SAMPLE + 5)  # the footer recurs in more documents than SAMPLE
    whole = engine.prepare(documents(len(docs))).data[INDEX]
    for sizes in ([len(docs)], [1, 2, 3, 50, 200], [7] * 8, [SAMPLE - 1, SAMPLE + 1, 100]):
        merged, start = CrossIndex(), 0
        for size in sizes:
            part = docs[start : start + size]
            if part:
                merged.merge(partial(engine, documents(len(docs))[start : start + size]), start)
            start += size
        assert snapshot(merged) == snapshot(whole), sizes
    count, holders = whole.holders(max(whole.entries(), key=lambda e: e[1])[0])
    assert count == len(docs) and list(holders) == list(range(SAMPLE))


def test_gaps_for_unreadable_documents_keep_their_positions(engine: Engine) -> None:
    docs = documents(6)
    whole = CrossIndex()
    run = engine.start()
    run.data[INDEX] = whole
    for n in (0, 1, 4, 5):  # 2 and 3 could not be read
        engine.index(docs[n], n, run)
    first, second = engine.start(), engine.start()
    for n in (0, 1):
        engine.index(documents(6)[n], n, first)
    for n in (1, 2):  # positions 4 and 5 of the run, 1 and 2 of the second partition
        engine.index(documents(6)[n + 3], n, second)
    merged = CrossIndex()
    merged.merge(first.data[INDEX], 0)
    merged.merge(second.data[INDEX], 3)
    assert snapshot(merged) == snapshot(whole)
