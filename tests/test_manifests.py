"""The labelled sets' manifests (tests/labelled/*/manifest.yaml): every set has one, each says
what its status promises, and the accuracy table in docs/accuracy.md is the one they produce."""

from __future__ import annotations

import dataclasses
import re
import sys
from types import ModuleType

import pytest

from tests.conftest import ROOT
from tests.labels import LABELLED, Figures, LabelledSet, labelled_sets, load_set

SETS = labelled_sets()


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    sys.path.insert(0, str(ROOT / "tools"))
    import accuracy_table

    return accuracy_table


def test_every_labelled_folder_has_a_manifest() -> None:
    folders = sorted(p.name for p in LABELLED.iterdir() if p.is_dir())
    assert [s.name for s in SETS] == folders
    assert {"corpus", "real2016"} <= set(folders)


def test_sets_written_blind_keep_their_number_and_old_folder() -> None:
    numbered = [s for s in SETS if s.status in ("regression", "blind")]
    assert [int(s.name[:2]) for s in numbered] == list(range(1, len(numbered) + 1))
    for number, s in enumerate(numbered, 1):
        assert re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*", s.name), s.name
        assert s.was == f"tests/holdout{number if number > 1 else ''}", s.name
    assert len({s.was for s in SETS}) == len(SETS)


@pytest.mark.parametrize("labelled", SETS, ids=lambda s: s.name)
def test_a_manifest_keeps_the_promises_of_its_status(labelled: LabelledSet) -> None:
    assert labelled.articles > 0 and re.fullmatch(r"\d{4}-\d\d-\d\d", labelled.written)
    if labelled.status in ("regression", "blind"):
        assert isinstance(labelled.blind, Figures), "a set written blind has its first run"
    if labelled.status in ("blind", "training"):
        assert labelled.floors is None, "no floor invites tuning on a blind or training set"
    else:
        assert labelled.floors is not None and isinstance(labelled.tuned, Figures)
        assert labelled.floors.recall <= labelled.tuned.recall, "a floor below what was reached"


def test_a_manifest_with_an_unknown_key_is_refused(tmp_path) -> None:
    folder = tmp_path / "99-copy"
    folder.mkdir()
    text = (SETS[0].folder / "manifest.yaml").read_text(encoding="utf-8")
    (folder / "manifest.yaml").write_text(text + "flors: null\n", encoding="utf-8")
    with pytest.raises(ValueError, match="keys"):
        load_set(folder)


def test_the_accuracy_table_is_written_from_the_manifests(tool: ModuleType) -> None:
    page = (ROOT / "docs" / "accuracy.md").read_text(encoding="utf-8")
    fresh = tool.replaced(page, tool.table(SETS))
    assert fresh == page, "docs/accuracy.md's accuracy table is stale: run tools/accuracy_table.py"


def test_a_changed_figure_changes_the_table(tool: ModuleType) -> None:
    first = SETS[0]
    assert isinstance(first.blind, Figures)
    moved = dataclasses.replace(first, blind=dataclasses.replace(first.blind, recall=0.01))
    assert tool.table([moved, *SETS[1:]]) != tool.table(SETS)
    assert "| 0.01 / " in tool.table([moved])
