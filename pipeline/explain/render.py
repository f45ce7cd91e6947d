"""Render an explained article: a rich ``Text`` for the terminal, or a self-contained HTML
page (inline CSS, no script, every text escaped) a researcher can share."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..process import ArticleResult
from .spans import Node, Span, article_spans, nest

STYLES = {"OFFICIAL": Style(color="blue", bold=True), "PERSON": Style(color="cyan", bold=True),
          "COLLECTIVE": Style(color="white", bold=True, dim=True), "PLACE": Style(color="green", bold=True),
          "DATE": Style(color="magenta", bold=True), "QUOTE": Style(color="yellow", italic=True)}
MODEL_STYLE = Style(color="bright_black", underline=True)  # model-only spans (PER, ORG, LOC) and any other label
for _label in ("PER", "ORG", "LOC"):
    STYLES[_label] = MODEL_STYLE
COLOURS = {"OFFICIAL": "#cfe2ff", "PERSON": "#cff4fc", "COLLECTIVE": "#e2e3e5", "PLACE": "#d1e7dd",
           "DATE": "#f8d7f0", "QUOTE": "#fff3cd", "PER": "#f1f3f5", "ORG": "#f1f3f5", "LOC": "#f1f3f5"}
BORDERS = {"OFFICIAL": "#0d6efd", "PERSON": "#0aa2c0", "COLLECTIVE": "#6c757d", "PLACE": "#198754",
           "DATE": "#b02a8f", "QUOTE": "#cc9a06", "PER": "#adb5bd", "ORG": "#adb5bd", "LOC": "#adb5bd"}


def describe(span: Span) -> str:
    """One line: table, fields and rule (the tooltip of the HTML, the rows of the terminal list)."""
    fields = ", ".join(f"{k}={v}" for k, v in span.fields.items())
    return f"{span.table}: {fields}" if fields else span.table


# -- terminal ------------------------------------------------------------------------
def terminal_text(res: ArticleResult) -> Text:
    """The article text, each extraction styled by its label and followed by ⟨rule_id⟩."""
    text = res.article["text"]
    out = Text()
    _append(out, text, nest(article_spans(res), 0, len(text)), 0, len(text), Style())
    return out


def _append(out: Text, text: str, nodes: list[Node], lo: int, hi: int, style: Style) -> None:
    pos = lo
    for n in nodes:
        out.append(text[pos:n.start], style)
        inner = style + STYLES.get(n.span.label, MODEL_STYLE)
        _append(out, text, n.children, n.start, n.end, inner)
        if n.last:
            out.append(f"⟨{n.span.rule_id}⟩", Style(color=STYLES.get(n.span.label, MODEL_STYLE).color, dim=True, italic=False,
                                                     bold=False))
        pos = n.end
    out.append(text[pos:hi], style)


def extraction_table(res: ArticleResult) -> Table:
    table = Table(title="extractions", show_lines=False)
    for c in ("chars", "label", "text", "rule_id", "table: fields"):
        table.add_column(c, overflow="fold")
    text = res.article["text"]
    for s in sorted(article_spans(res), key=lambda s: (s.start, -s.end)):
        excerpt = text[s.start:s.end]
        if len(excerpt) > 60:
            excerpt = excerpt[:57] + "..."
        table.add_row(f"{s.start}-{s.end}", Text(s.label, STYLES.get(s.label, MODEL_STYLE)), excerpt, s.rule_id, describe(s))
    return table


# -- HTML ----------------------------------------------------------------------------
_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#212529;
background:#fff;line-height:1.7}
h1{font-size:1.5rem;margin:.2rem 0}
.meta{font-family:system-ui,sans-serif;font-size:.85rem;color:#555}
.legend{font-family:system-ui,sans-serif;font-size:.85rem;margin:.8rem 0}
.legend span.x{padding:.1rem .4rem;margin-right:.4rem}
.text{white-space:pre-wrap;font-size:1.05rem;border-top:1px solid #ddd;padding-top:1rem}
span.x{border-radius:3px;padding:.05rem .1rem;border-bottom:2px solid}
sup.lbl{font-family:ui-monospace,monospace;font-size:.62rem;color:#444;margin:0 .15rem;font-style:normal;
font-weight:normal}
table{border-collapse:collapse;font-family:system-ui,sans-serif;font-size:.8rem;margin-top:1.5rem;width:100%}
th,td{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
footer{font-family:system-ui,sans-serif;font-size:.75rem;color:#777;margin:2rem 0}
"""
_CSS += "".join(f"span.x-{k.lower()}{{background:{COLOURS[k]};border-color:{BORDERS[k]}}}\n" for k in COLOURS)
_CSS += "span.x-quote{font-style:italic;background:#fff3cd}\n"


def _attrs(span: Span) -> str:
    data = [f'class="x x-{span.label.lower()}"', f'data-label="{span.label}"', f'data-table="{span.table}"',
            f'data-rule="{html.escape(span.rule_id)}"',
            f'data-fields="{html.escape(", ".join(f"{k}={v}" for k, v in span.fields.items()))}"',
            f'title="{html.escape(span.label + " · " + span.rule_id + chr(10) + describe(span))}"']
    return " ".join(data)


def _html_nodes(text: str, nodes: list[Node], lo: int, hi: int) -> str:
    parts = []
    pos = lo
    for n in nodes:
        parts.append(html.escape(text[pos:n.start]))
        inner = _html_nodes(text, n.children, n.start, n.end)
        label = f'<sup class="lbl">{html.escape(n.span.rule_id)}</sup>' if n.last else ""
        parts.append(f"<span {_attrs(n.span)}>{inner}</span>{label}")
        pos = n.end
    parts.append(html.escape(text[pos:hi]))
    return "".join(parts)


def _article_html(res: ArticleResult) -> str:
    a: dict[str, Any] = res.article
    text = a["text"]
    spans = article_spans(res)
    counts = Counter(s.label for s in spans)
    meta = " · ".join(html.escape(str(v)) for v in (a.get("outlet"), a.get("published_at"), a.get("author"),
                                                     a.get("source")) if v)
    legend = "".join(f'<span class="x x-{k.lower()}">{k.lower()} {counts[k]}</span>' for k in COLOURS if counts[k])
    rows = "".join(
        f"<tr><td>{s.start}–{s.end}</td><td>{s.label}</td><td>{html.escape(text[s.start:s.end])}</td>"
        f"<td><code>{html.escape(s.rule_id)}</code></td><td>{html.escape(describe(s))}</td></tr>"
        for s in sorted(spans, key=lambda s: (s.start, -s.end)))
    return (f'<article data-article-id="{html.escape(a["article_id"])}">'
            f'<h1>{html.escape(a.get("title") or a["source"])}</h1><div class="meta">{meta}</div>'
            f'<div class="legend">{legend}</div>'
            f'<div class="text">{_html_nodes(text, nest(spans, 0, len(text)), 0, len(text))}</div>'
            f"<table><thead><tr><th>chars</th><th>label</th><th>text</th><th>rule_id</th><th>table: fields</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></article>")


def html_page(results: list[ArticleResult], title: str, rules_version: str) -> str:
    body = "<hr>".join(_article_html(r) for r in results) or "<p>No article could be read.</p>"
    return ("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>{body}"
            f"<footer>pipeline explain · rules version {html.escape(rules_version)} · hover a highlight for its table, "
            "fields and rule; offsets are characters of articles.text</footer></body></html>\n")
