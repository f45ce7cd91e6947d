"""A disk cache for what every process would otherwise build again from the same files: the
parsed rules and the gazetteer index.

An entry is a file ``KIND-DIGEST.pickle`` in the cache folder. DIGEST hashes everything the
value is built from: the package version, the Python version, the source of the modules that
build it, and the bytes of its input files. So an entry is never stale: a changed rule file,
data file or building code gives another digest, and the old entry is simply not read again.
Entries are written atomically (a temporary file, then a rename); one that cannot be read is
rebuilt, one that cannot be written is skipped. Nothing here is held in memory.

The folder is ``$PIPELINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/news-pipeline``, else
``~/.cache/news-pipeline``. ``PIPELINE_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar, Union

from . import __version__

CACHE_ENV = "PIPELINE_CACHE_DIR"
FORMAT = "pipeline-cache/1"
T = TypeVar("T")


def cache_dir() -> Optional[Path]:
    """The cache folder, or None when the cache is off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder known: no cache
            return None
    return Path(base) / "news-pipeline"


def digest(parts: Iterable[Union[str, bytes]]) -> str:
    h = hashlib.sha1(f"{FORMAT}\0{__version__}\0{sys.version_info[:3]}".encode())
    for p in parts:
        b = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little") + b)
    return h.hexdigest()[:20]


def source_of(*modules: str) -> list[bytes]:
    """The source bytes of the named modules (part of a digest: new code, new entry)."""
    out = []
    for name in modules:
        mod = sys.modules[name]
        out.append(name.encode() + b"\0" + Path(mod.__file__).read_bytes())
    return out


def path_for(kind: str, key: str) -> Optional[Path]:
    d = cache_dir()
    return None if d is None else d / f"{kind}-{key}.pickle"


def cached(kind: str, parts: Iterable[Union[str, bytes]], build: Callable[[], T],
           dump: Callable[[T], object] = lambda v: v, load: Callable[[object], T] = lambda v: v) -> T:
    """The value for ``parts`` from the cache, else ``build()`` (then stored). ``dump`` turns
    the value into what is pickled and ``load`` back (for values cheaper to store as plain data)."""
    path = path_for(kind, digest(parts))
    if path is not None and path.is_file():
        try:
            with path.open("rb") as f:
                return load(pickle.load(f))
        except Exception:  # noqa: BLE001 - a truncated or foreign file: build again
            pass
    value = build()
    if path is not None:
        _store(path, dump(value))
    return value


def _store(path: Path, data: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:  # a read-only home, a full disk: work without the cache
        pass
