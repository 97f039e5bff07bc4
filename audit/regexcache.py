"""What loading a rule pack learns about its regular expressions, kept on disk between runs.

Checking a pattern for catastrophic backtracking, finding the literals every match holds and
building the fast form of a long alternation (`audit.saferegex`) all parse the pattern with
`re`'s own parser, which is slow; a pack's patterns are the same from one run to the next.
While a pack loads (`session`), each such answer is looked up here first, and what was
computed is saved when the pack is loaded: one JSON file a pack, in the user's cache folder
($AUDIT_CACHE_DIR, else $XDG_CACHE_HOME/audit, else ~/.cache/audit), named by a hash of the
pack's rule files, the tool's version, the analysing code and the Python and `regex`
versions. A change to any of them is a new file; a file that cannot be read or parsed is
ignored (and written anew); a folder that cannot be written is no cache, never an error.
Every edit of a rule file makes a new file of a megabyte or two, so when one is written only
the most recent few of its kind are kept (`KEEP`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

FORMAT = 1  # the file's layout: a change is a new file name
_MISSING = object()


class _Session:
    """The answers of one pack's file (`known`), and those this load asked for (`used`)."""

    def __init__(self, path: Path | None, known: dict[str, Any]):
        self.path, self.known = path, known
        self.used: dict[str, Any] = {}
        self.computed = False


_ACTIVE: list[_Session] = []


def cache_dir() -> Path | None:
    """The folder of the cache files (`cache_dir_from` the environment)."""
    return cache_dir_from(os.environ)


def cache_dir_from(env: Mapping[str, str]) -> Path | None:
    """$AUDIT_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/audit (when absolute, as the
    XDG specification asks), else ~/.cache/audit; None when no such folder can be named."""
    explicit = env.get("AUDIT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = env.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "audit"
    home = env.get("HOME")
    try:
        return (Path(home) if home else Path.home()) / ".cache" / "audit"
    except (RuntimeError, KeyError):  # no home folder
        return None


def pack_key(files: Sequence[Path]) -> str:
    """The hash naming a pack's cache file: its rule files (names and bytes), the tool's
    version, the code that analyses patterns, and the Python and `regex` versions."""
    from audit import __version__, saferegex

    h = hashlib.sha256()
    h.update(f"{FORMAT}\0{__version__}\0{sys.version}\0{_regex_version()}\0".encode())
    h.update(Path(saferegex.__file__).read_bytes())
    for file in files:
        h.update(b"\0" + str(file.name).encode() + b"\0")
        h.update(_content(file))
    return h.hexdigest()[:32]


def _content(file: Path) -> bytes:
    """A rule file's bytes; a marker for one that is not a regular file of a sane size (a
    FIFO or device named as a rule file is refused by the loader, never read here)."""
    from audit import safeio

    try:
        info = file.stat()
        if stat.S_ISREG(info.st_mode) and info.st_size <= safeio.MAX_FILE_BYTES:
            return file.read_bytes()
    except OSError:
        pass
    return b"\1not a readable file"


def _regex_version() -> str:
    """Which `regex` is installed, without importing it (a run may never need it): where its
    package lies, and its size and time of change."""
    from importlib.util import find_spec

    try:
        spec = find_spec("regex")
        origin = spec.origin if spec is not None else None
        info = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        return "?"
    return f"{origin}:{info.st_size}:{info.st_mtime_ns}" if info else "?"


@contextmanager
def session(files: Sequence[Path]) -> Iterator[None]:
    """Answers looked up in, and saved to, the cache file of the pack made of `files`."""
    folder = cache_dir()
    path = folder / f"regex-{pack_key(files)}.json" if folder is not None else None
    current = _Session(path, _read(path) if path is not None else {})
    _ACTIVE.append(current)
    try:
        yield
    finally:
        _ACTIVE.pop()
        if current.computed and current.path is not None:
            _write(current.path, current.used)


def _read(path: Path) -> dict[str, Any]:
    """The answers in a cache file; none when it is missing, unreadable or not ours."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    answers = data.get("answers")
    return answers if isinstance(answers, dict) else {}


def _write(path: Path, answers: dict[str, Any]) -> None:
    _save(path, json.dumps({"format": FORMAT, "answers": answers}).encode("utf-8"))


def read_file(name: str) -> bytes | None:
    """The bytes of the cache file `name`, or None (no cache folder, no such file, unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def save_file(name: str, data: bytes) -> None:
    """Keep `data` as the cache file `name` (never an error: see `_save`)."""
    folder = cache_dir()
    if folder is not None:
        _save(folder / name, data)


def _save(path: Path, data: bytes) -> None:
    """Save atomically (a file beside it, renamed over it); any failure leaves no cache."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            tmp.unlink()
        return
    if new:
        prune(path.parent, path.name)


# how many files of each kind the cache folder keeps: the packs and rule files in use (a
# user's own packs each have theirs), the sentence model's versions
KEEP = {"regex-": 16, "yaml-": 512, "model-": 4}
STALE_TMP_SECONDS = 24 * 3600  # a write that never finished (the process was killed)


def prune(folder: Path, written: str) -> None:
    """Remove all but the `KEEP` most recently written files of the kind just written, and
    unfinished writes of that kind older than a day. Never an error: another process may
    be pruning the same folder."""
    prefix = next((p for p in KEEP if written.startswith(p)), None)
    if prefix is None:
        return
    try:
        found = [(f, f.stat().st_mtime) for f in folder.glob(prefix + "*")]
    except OSError:
        return
    kept = sorted(((f, t) for f, t in found if not f.name.endswith(".tmp")), key=lambda ft: -ft[1])
    stale = [f for f, t in found if f.name.endswith(".tmp") and t < time.time() - STALE_TMP_SECONDS]
    for f in [f for f, _ in kept[KEEP[prefix] :] if f.name != written] + stale:
        with suppress(OSError):
            f.unlink()


def active() -> bool:
    """Whether a pack is loading (answers are remembered)."""
    return bool(_ACTIVE)


def known(kind: str, pattern: str, flags: int, valid: Callable[[Any], bool]) -> Any:
    """The active pack's cached answer about `pattern` (kept in its file), or None: nothing is
    computed."""
    if not _ACTIVE:
        return None
    current = _ACTIVE[-1]
    key = f"{kind}\0{int(flags)}\0{pattern}"
    value = current.used.get(key, current.known.get(key))
    if value is None or not valid(value):
        return None
    current.used[key] = value
    return value


def remembered(
    kind: str, pattern: str, flags: int, compute: Callable[[], Any], valid: Callable[[Any], bool]
) -> Any:
    """compute()'s answer about `pattern`, from the active pack's cache file when it holds
    one that `valid` accepts. Answers must be JSON values (None, booleans, strings, lists of
    strings); an exception is not remembered. Outside a pack's loading, compute() is simply
    called."""
    if not _ACTIVE:
        return compute()
    current = _ACTIVE[-1]
    key = f"{kind}\0{int(flags)}\0{pattern}"
    value = current.used.get(key, _MISSING)
    if value is _MISSING:
        value = current.known.get(key, _MISSING)
        if value is _MISSING or not valid(value):
            value = compute()
            current.computed = True
        current.used[key] = value
    return value
