"""The rule kinds, by name."""

from audit.kinds.attribution import AttributionKind
from audit.kinds.base import Kind
from audit.kinds.boilerplate import BoilerplateKind
from audit.kinds.contradiction import ContradictionKind
from audit.kinds.model import ModelKind
from audit.kinds.outlets import OutletsKind
from audit.kinds.pattern import PatternKind
from audit.kinds.phrase import PhraseKind
from audit.kinds.repetition import RepetitionKind
from audit.kinds.structure import StructureKind
from audit.kinds.topic import TopicKind

KINDS: dict[str, type[Kind]] = {
    k.name: k
    for k in (
        PhraseKind,
        PatternKind,
        AttributionKind,
        TopicKind,
        BoilerplateKind,
        RepetitionKind,
        StructureKind,
        ModelKind,
        ContradictionKind,
        OutletsKind,
    )
}
