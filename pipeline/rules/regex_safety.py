"""Refuse rule regexes that can backtrack catastrophically (``(a+)+$``, ``(a|a)*$``).

Two checks, both before any article is read:

- :func:`nested_quantifier`: a static look at the parsed pattern for an unbounded repeat
  inside another repeat (the classic exponential shape), in the schema validator;
- :func:`slow_patterns`: a timed trial of every pattern on adversarial strings built from its
  own characters, in a child process that is killed when a pattern takes too long (Python's
  ``re`` cannot be interrupted), in the loader.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Optional, Sequence

try:  # Python 3.11+
    from re import _constants as _c, _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}


def _children(op, av):
    if op in _REPEATS:
        yield av[2]
    elif op is _c.SUBPATTERN:
        yield av[-1]
    elif op is _c.BRANCH:
        yield from av[1]
    elif op is _c.ATOMIC_GROUP if hasattr(_c, "ATOMIC_GROUP") else False:
        return  # an atomic group never backtracks into itself
    elif op in (_c.ASSERT, _c.ASSERT_NOT):
        yield av[1]


def _has_unbounded_repeat(sub) -> bool:
    for op, av in sub:
        if op in _REPEATS and av[1] == _c.MAXREPEAT:
            return True
        if any(_has_unbounded_repeat(ch) for ch in _children(op, av)):
            return True
    return False


def nested_quantifier(pattern: str) -> Optional[str]:
    """A description of the first unbounded repeat nested in a repeat, or None."""
    def walk(sub) -> Optional[str]:
        for op, av in sub:
            if op in _REPEATS and av[1] > 1 and _has_unbounded_repeat(av[2]):
                return "a repeated group holds an unbounded repeat (like (a+)+), which can backtrack exponentially"
            for ch in _children(op, av):
                found = walk(ch)
                if found:
                    return found
        return None

    return walk(_p.parse(pattern))


_TRIAL = r"""
import json, re, sys
for i, (pattern, flags) in enumerate(json.loads(sys.stdin.read())):
    rx = re.compile(pattern, flags)
    lits = sorted({c for c in pattern if c.isalnum() or c in ' .,:;/-()[]*!?"\n\t'} | set("a 1."))[:24]
    tests = []
    for c in lits:
        for n in (28, 800):
            tests += [c * n + "!", c * n + "\x00"]
    for c in lits[:6]:
        for d in lits[:6]:
            tests.append((c + d) * 300 + "!")
    for s in tests:
        rx.search(s)
    print(i, flush=True)
"""


_PASSED: set[tuple[str, int]] = set()  # patterns that passed in this process


def slow_patterns(patterns: Sequence[tuple[str, int]], seconds: float = 3.0) -> Optional[int]:
    """Index of the first (pattern, flags) that does not finish its trial within ``seconds``, or None."""
    todo = [i for i, p in enumerate(patterns) if tuple(p) not in _PASSED]
    if not todo:
        return None
    bad = _trial([patterns[i] for i in todo], seconds)
    for j, i in enumerate(todo):
        if bad is not None and j >= bad:
            return i
        _PASSED.add(tuple(patterns[i]))
    return None


def _trial(patterns: Sequence[tuple[str, int]], seconds: float) -> Optional[int]:
    proc = subprocess.Popen([sys.executable, "-I", "-c", _TRIAL], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(list(patterns)))
    proc.stdin.close()
    import selectors
    import time

    done = -1
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    try:
        while done < len(patterns) - 1:
            if not sel.select(timeout=max(deadline - time.monotonic(), 0)):
                return done + 1  # no progress in time: the next pattern hangs
            line = proc.stdout.readline()
            if not line:  # the child ended early (it cannot: patterns were compiled already)
                return None
            done = int(line)
            deadline = time.monotonic() + seconds
        return None
    finally:
        sel.close()
        proc.kill()
        proc.wait()


def compile_flags(names: Sequence[str]) -> int:
    flags = 0
    for n in names:
        flags |= getattr(re, n)
    return flags
