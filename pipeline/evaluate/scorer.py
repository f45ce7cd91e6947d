"""Score the tables against gold files, by the rules of ../shared/eval/README.md."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

import pandas as pd
from rich.table import Table

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_UNIT_PREFIX = {"desa", "kelurahan", "kecamatan", "kabupaten", "kab", "kota", "polres", "polsek", "koramil"}


def normalize(s: Any) -> str:
    if s is None or (isinstance(s, float) and pd.isna(s)) or s is pd.NA:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).casefold()
    return _NON_ALNUM.sub(" ", s).strip()


def normalize_unit(s: Any) -> str:
    n = normalize(s)
    parts = n.split(" ", 1)
    if len(parts) == 2 and parts[0] in _UNIT_PREFIX:
        return parts[1]
    return n


@dataclass
class PartScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    extra: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, total]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def acc(self, name: str, ok: bool) -> None:
        v = self.extra.setdefault(name, [0, 0])
        v[0] += int(ok)
        v[1] += 1


@dataclass
class EvalResult:
    parts: dict[str, PartScore]
    details: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {name: {"precision": p.precision, "recall": p.recall, "f1": p.f1, "tp": p.tp, "fp": p.fp, "fn": p.fn,
                       **{k: (v[0] / v[1] if v[1] else None) for k, v in p.extra.items()}}
                for name, p in self.parts.items()}


def load_gold(folder: Path) -> dict[str, dict]:
    gold = {}
    for p in sorted(Path(folder).glob("*.json")):
        try:
            g = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, OSError):
            continue
        if isinstance(g, dict) and "article" in g and "meta" in g:
            gold[g["article"]] = g
    return gold


def _rows(df: pd.DataFrame, aid: str) -> list[dict]:
    if df is None or df.empty:
        return []
    return df[df["article_id"] == aid].to_dict("records")


def _val(v: Any) -> Optional[str]:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    return str(v)


def score(tables: dict[str, pd.DataFrame], gold: dict[str, dict]) -> EvalResult:
    parts = {k: PartScore() for k in ("officials", "people", "places", "dates", "published_at", "quotes_direct",
                                      "quotes_indirect")}
    details: list[dict[str, Any]] = []
    arts = tables["articles"]
    by_source = {}
    for r in arts.to_dict("records"):
        by_source[str(r["source"])] = r
        by_source.setdefault(Path(str(r["source"])).name, r)

    def note(part, article, kind, expected=None, predicted=None):
        details.append(dict(part=part, article=article, kind=kind, expected=expected, predicted=predicted))

    for name, g in gold.items():
        art = by_source.get(name)
        aid = art["article_id"] if art else None
        # published_at
        pub = parts["published_at"]
        want = g["meta"].get("published")
        got = _val(art["published_at"]) if art else None
        ok = (want or None) == (got or None) if not want or "T" in want else (got or "")[:10] == want
        pub.acc("right", ok)
        pub.tp += ok
        pub.fn += not ok
        if not ok:
            note("published_at", name, "wrong_published", want, got)
        # officials
        off = parts["officials"]
        pred_off = _rows(tables["officials"], aid) if aid else []
        pk = {}
        for r in pred_off:
            key = normalize(r["name"]) if _val(r["name"]) else normalize(f"{_val(r['position']) or ''} {normalize_unit(r['unit'])}")
            pk.setdefault(key, r)
        gk = {}
        for o in g["officials"]:
            key = normalize(o["name"]) if o.get("name") else normalize(f"{o.get('position') or ''} {normalize_unit(o.get('unit'))}")
            gk.setdefault(key, o)
        for k, o in gk.items():
            if k in pk:
                off.tp += 1
                if o.get("name"):
                    r = pk[k]
                    rank_ok = normalize(o.get("rank")) == normalize(r["rank"])
                    pos_ok = normalize(o.get("position")) == normalize(r["position"])
                    off.acc("rank", rank_ok)
                    off.acc("position", pos_ok)
                    if not rank_ok:
                        note("officials", name, "wrong_rank", o.get("rank"), _val(r["rank"]))
                    if not pos_ok:
                        note("officials", name, "wrong_position", o.get("position"), _val(r["position"]))
            else:
                off.fn += 1
                note("officials", name, "miss", k)
        for k in pk:
            if k not in gk:
                off.fp += 1
                note("officials", name, "false_hit", None, k)
        # people (named)
        ppl = parts["people"]
        gnames = {normalize(o["name"]) for o in g["officials"] if o.get("name")} | {normalize(p["name"]) for p in g["persons"]}
        pnames = {normalize(r["name"]) for r in (_rows(tables["people"], aid) if aid else []) if _val(r["name"])}
        ppl.tp += len(gnames & pnames)
        ppl.fn += len(gnames - pnames)
        ppl.fp += len(pnames - gnames)
        for k in sorted(gnames - pnames):
            note("people", name, "miss", k)
        for k in sorted(pnames - gnames):
            note("people", name, "false_hit", None, k)
        # places
        pl = parts["places"]
        pred_pl = {}
        for r in (_rows(tables["places"], aid) if aid else []):
            pred_pl.setdefault((normalize(r["name"]), _val(r["level"])), r)
        gold_pl = {}
        for p in g["places"]:
            gold_pl.setdefault((normalize(p["name"]), p["level"]), p)
        for k, p in gold_pl.items():
            if k in pred_pl:
                pl.tp += 1
                r = pred_pl[k]
                if p["level"] in ("desa", "kelurahan") and p.get("kecamatan"):
                    ok = normalize_unit(p["kecamatan"]) == normalize_unit(r["kecamatan"])
                    pl.acc("parent_kecamatan", ok)
                    if not ok:
                        note("places", name, "wrong_parent", p["kecamatan"], _val(r["kecamatan"]))
                if p.get("code"):
                    ok = p["code"] == _val(r["region_code"])
                    pl.acc("region_code", ok)
                    if not ok:
                        note("places", name, "wrong_code", f"{p['name']} {p['code']}", _val(r["region_code"]))
            else:
                pl.fn += 1
                note("places", name, "miss", f"{k[0]} ({k[1]})")
        for k in pred_pl:
            if k not in gold_pl:
                pl.fp += 1
                note("places", name, "false_hit", None, f"{k[0]} ({k[1]})")
        # dates
        dt = parts["dates"]
        gd = {d["value"] for d in g["dates"]}
        pdv = {str(r["value"]) for r in (_rows(tables["dates"], aid) if aid else [])
               if _val(r["kind"]) != "publication" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(r["value"]))}
        dt.tp += len(gd & pdv)
        dt.fn += len(gd - pdv)
        dt.fp += len(pdv - gd)
        for v in sorted(gd - pdv):
            note("dates", name, "miss", v)
        for v in sorted(pdv - gd):
            note("dates", name, "false_hit", None, v)
        # quotes
        pq = _rows(tables["quotes"], aid) if aid else []
        for kind in ("direct", "indirect"):
            part = parts[f"quotes_{kind}"]
            preds = sorted((r for r in pq if r["kind"] == kind), key=lambda r: int(r["start_char"]))
            used: set[int] = set()
            for gq in (q for q in g["quotes"] if q["kind"] == kind):
                st = normalize(gq["starts"])
                hit = next((i for i, r in enumerate(preds) if i not in used and normalize(r["text"]).startswith(st)), None)
                if hit is None:
                    part.fn += 1
                    note(f"quotes_{kind}", name, "miss", gq["starts"])
                    continue
                used.add(hit)
                part.tp += 1
                r = preds[hit]
                want = normalize(gq["speaker"])
                cands = {normalize(r["speaker_name"]), normalize(r["speaker"]),
                         normalize(f"{_val(r['speaker_position']) or ''} {normalize_unit(r['speaker_unit'])}")}
                ok = bool(want) and want in cands
                part.acc("speaker", ok)
                if not ok:
                    note(f"quotes_{kind}", name, "wrong_speaker", f"{gq['speaker']} <- {gq['starts'][:40]}",
                         _val(r["speaker_name"]) or _val(r["speaker"]))
            for i, r in enumerate(preds):
                if i not in used:
                    part.fp += 1
                    note(f"quotes_{kind}", name, "false_hit", None, str(r["text"])[:80])
    return EvalResult(parts, details)


def render_summary(res: EvalResult) -> Table:
    t = Table(title="pipeline eval")
    for c in ("part", "P", "R", "F1", "tp", "fp", "fn", "accuracies"):
        t.add_column(c, justify="right" if c not in ("part", "accuracies") else "left")
    for name, p in res.parts.items():
        acc = ", ".join(f"{k} {v[0] / v[1]:.3f} ({v[0]}/{v[1]})" for k, v in p.extra.items() if v[1])
        if name == "published_at":
            t.add_row(name, "", "", "", "", "", "", acc)
            continue
        t.add_row(name, f"{p.precision:.3f}", f"{p.recall:.3f}", f"{p.f1:.3f}", str(p.tp), str(p.fp), str(p.fn), acc)
    return t


def write_report(res: EvalResult, path: Path) -> None:
    lines = ["# pipeline eval report", ""]
    for name, d in res.to_dict().items():
        lines.append(f"{name}: " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in d.items()))
    lines.append("")
    for part in res.parts:
        rows = [d for d in res.details if d["part"] == part]
        if not rows:
            continue
        lines.append(f"## {part}")
        for art in sorted({d["article"] for d in rows}):
            lines.append(f"### {art}")
            for d in rows:
                if d["article"] == art:
                    lines.append(f"- {d['kind']}: expected={d['expected']!r} predicted={d['predicted']!r}")
        lines.append("")
    Path(path).write_text("\n".join(lines), encoding="utf-8")
