"""Safe, bounded YAML loading that remembers where every value came from.

PyYAML composes the node graph (no object construction: safe); we then convert nodes ourselves,
counting every node we build, so alias bombs ("billion laughs") stop early instead of eating
memory, and every mapping remembers the line of each key for error messages.

Rule files are the same from one run to the next: `load_yaml(text, cached=True)` keeps what a
text converts to in the user's cache folder (`audit.regexcache`), named by the text's hash, and
reads it back without parsing (nor importing PyYAML).
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from audit import regexcache

if TYPE_CHECKING:
    import yaml

MAX_NODES = 200_000
CACHE_FORMAT = 1


class YamlError(Exception):
    """A YAML file that cannot be read; `line` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.line = line
        self.column = column


class LineDict(dict):
    """A mapping that knows its own line and the line of each of its keys."""

    line: int = 0
    column: int = 0
    key_lines: dict[str, int]
    key_columns: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def column_of(self, key: str) -> int:
        return self.key_columns.get(key, self.column)


class LineList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]
    item_columns: list[int]


def load_yaml(text: str, cached: bool = False) -> Any:
    """Parse one YAML document into plain Python values with line information; `cached`:
    through the cache folder (a text that does not load is never kept)."""
    if not cached:
        return _load(text)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    name = f"yaml-{CACHE_FORMAT}-{digest}.json"
    blob = regexcache.read_file(name)
    if blob is not None:
        try:
            return _decode(blob)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            pass  # not a file this code wrote: parse again, and write it anew
    value = _load(text)
    with suppress(_NotKept):  # a value JSON cannot hold as it is (a date): parsed every time
        regexcache.save_file(name, json.dumps(_encode(value)).encode("utf-8"))
    return value


class _NotKept(Exception):
    pass


def _encode(value: Any) -> Any:
    """A loaded value as JSON: {"m": [line, column, [[key, line, column, value]...]]} for a
    mapping, {"l": [line, [[line, column, item]...]]} for a sequence, scalars as they are."""
    if isinstance(value, LineDict):
        items = [
            [k, value.key_lines[str(k)], value.key_columns[str(k)], _encode(v)]
            for k, v in value.items()
        ]
        return {"m": [value.line, value.column, items]}
    if isinstance(value, LineList):
        rows = zip(value.item_lines, value.item_columns, value, strict=True)
        return {"l": [value.line, [[line, col, _encode(v)] for line, col, v in rows]]}
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise _NotKept


def _decode(blob: bytes) -> Any:
    """What `_encode` wrote, as `_load` returned it. Each wrapper is turned back into its
    mapping or sequence as the JSON parser meets it (innermost first), not by a second walk."""
    value = json.loads(blob, object_hook=_node)
    if type(value) is list:
        raise ValueError("a bare list")
    return value


def _node(data: dict[str, Any]) -> LineDict | LineList:
    if "m" in data:
        line, column, items = data["m"]
        out = LineDict()
        out.line, out.column = line, column
        key_lines: dict[str, int] = {}
        key_columns: dict[str, int] = {}
        for key, key_line, key_column, value in items:
            out[key] = _checked(value)
            key_lines[str(key)], key_columns[str(key)] = key_line, key_column
        out.key_lines, out.key_columns = key_lines, key_columns
        return out
    line, rows = data["l"]
    seq = LineList(_checked(value) for _, _, value in rows)
    seq.line = line
    seq.item_lines = [item_line for item_line, _, _ in rows]
    seq.item_columns = [item_column for _, item_column, _ in rows]
    return seq


def _checked(value: Any) -> Any:
    """A decoded value: a wrapper's mapping or sequence, or a scalar; never a bare list."""
    if type(value) is list:
        raise ValueError("a bare list")
    return value


def _load(text: str) -> Any:
    import yaml  # only when a text is parsed

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlError(f"invalid YAML: {exc.problem or exc}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    if node is None:
        return None
    try:
        return _Converter().convert(node)
    except RecursionError:
        raise YamlError("invalid YAML: nested too deeply") from None


class _Converter:
    def __init__(self) -> None:
        from yaml.constructor import SafeConstructor

        self.count = 0
        self.scalars = SafeConstructor()
        self.open: set[int] = set()  # the collections being converted: an alias to one loops

    def convert(self, node: yaml.Node) -> Any:
        import yaml

        if id(node) in self.open:
            raise YamlError("an alias refers to itself (&a [*a])", node.start_mark.line + 1)
        if isinstance(node, yaml.CollectionNode):
            self.open.add(id(node))
            try:
                return self._convert(node)
            finally:
                self.open.discard(id(node))
        return self._convert(node)

    def _convert(self, node: yaml.Node) -> Any:
        import yaml
        from yaml.constructor import ConstructorError

        self.count += 1
        if self.count > MAX_NODES:
            raise YamlError(
                f"document expands to more than {MAX_NODES} values (alias bomb?)",
                node.start_mark.line + 1,
            )
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.MappingNode):
            out = LineDict()
            out.line, out.column, out.key_lines, out.key_columns = line, column, {}, {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlError(
                        "merge keys (<<) are not supported", key_node.start_mark.line + 1
                    )
                key = self.convert(key_node)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise YamlError(
                        "mapping keys must be plain scalars", key_node.start_mark.line + 1
                    )
                if key in out:
                    raise YamlError(f"duplicate key {key!r}", key_node.start_mark.line + 1)
                out[key] = self.convert(value_node)
                out.key_lines[str(key)] = key_node.start_mark.line + 1
                out.key_columns[str(key)] = key_node.start_mark.column + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            items = LineList()
            items.line, items.item_lines, items.item_columns = line, [], []
            for item in node.value:
                items.append(self.convert(item))
                items.item_lines.append(item.start_mark.line + 1)
                items.item_columns.append(item.start_mark.column + 1)
            return items
        try:
            return self.scalars.construct_object(node, deep=True)
        except ConstructorError as exc:
            raise YamlError(f"unsupported value: {exc.problem}", line) from None
        except ValueError:  # Python refuses integers of more than 4,300 digits
            raise YamlError("unsupported value: a number of more than 4,300 digits", line) from None
