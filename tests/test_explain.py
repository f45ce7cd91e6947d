"""`pipeline explain`: the article with each extraction highlighted and labelled with its rule;
the HTML page checked in headless Chromium (screenshot and DOM)."""

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.explain import article_spans, html_page, nest
from pipeline.explain.render import COLOURS
from pipeline.explain.spans import Span
from pipeline.models import RawRecord

ROOT = Path(__file__).resolve().parents[1]
KLATEN = ROOT / "data" / "raw" / "2025-06-klaten-banjir.txt"
ENV = {"COLUMNS": "120"}

# Written for this test: an official, a place, a date, a direct quote, and characters that
# must be escaped in HTML.
ARTICLE = ("TITLE: Warga <Desa> Dadaplangu & banjir\nDATE: 2024-03-05\nSOURCE: contoh | https://contoh.id/a\n\n"
           "Kapolsek Ponggok AKP Bagus Santoso meninjau Desa Dadaplangu pada Selasa (05/03/2024).\n\n"
           "\"Kami siagakan personel <24 jam> & perahu karet untuk warga,\" ujar Bagus.")


def _spans_for(processor, text=ARTICLE):
    res = processor.process(RawRecord(source="contoh.txt", fmt="txt", text=text))
    return res, article_spans(res)


def test_every_mention_becomes_a_labelled_span_with_its_row(processor):
    res, spans = _spans_for(processor)
    text = res.article["text"]
    assert len(spans) == len(res.mentions)
    off = next(s for s in spans if s.label == "OFFICIAL")
    assert text[off.start:off.end] == "Kapolsek Ponggok AKP Bagus Santoso"
    assert off.table == "officials" and off.fields["rank"] == "AKP" and off.fields["position"] == "Kapolsek"
    assert off.rule_id.startswith("people.")
    place = next(s for s in spans if s.label == "PLACE" and text[s.start:s.end] == "Dadaplangu")
    assert place.fields["level"] == "desa" and place.fields["region_code"]
    quote = next(s for s in spans if s.label == "QUOTE")
    assert quote.fields["speaker_name"] == "Bagus Santoso" and quote.rule_id == "quotes.direct_cue_after"


def test_model_spans_no_rule_claimed_are_shown_as_mentions(processor):
    from pipeline.explain import terminal_text
    from pipeline.ner import model_id

    text = ("TITLE: Seminar\nDATE: 2024-03-05\nSOURCE: contoh | https://contoh.id/b\n\n"
            "Seminar itu digelar di Universitas Gadjah Mada dan dihadiri ratusan mahasiswa.")
    res, spans = _spans_for(processor, text)
    model = [s for s in spans if s.rule_id == model_id()]
    assert model, res.mentions
    assert all(s.table == "mentions" and s.label in ("PER", "ORG", "LOC") for s in model)
    rendered = terminal_text(res).plain
    assert f"⟨{model_id()}⟩" in rendered and "Universitas Gadjah Mada" in rendered
    assert 'data-table="mentions"' in html_page([res], "t", "v")


def test_nesting_cuts_a_crossing_span_and_labels_its_last_piece():
    a, b, c = Span(0, 10, "QUOTE", "q", "quotes"), Span(2, 4, "DATE", "d", "dates"), Span(8, 14, "PLACE", "p", "places")
    top = nest([c, b, a], 0, 20)
    assert [(n.span.rule_id, n.start, n.end, n.last) for n in top] == [("q", 0, 10, True), ("p", 10, 14, True)]
    assert [(n.span.rule_id, n.start, n.end, n.last) for n in top[0].children] == [("d", 2, 4, True),
                                                                                    ("p", 8, 10, False)]


def test_terminal_shows_text_and_rule_ids():
    res = CliRunner().invoke(app, ["explain", str(KLATEN)], env=ENV)
    assert res.exit_code == 0, res.output
    flat = re.sub(r"\s+", " ", res.output)  # lines wrap at COLUMNS
    # the office holder, with the place inside the office labelled too
    assert "Kades Tlingsing⟨places.civil_title⟩ Joko Sarwono⟨people.position_name⟩" in flat
    assert "12 Juni 2025⟨dates.day_month_name⟩" in flat
    assert "extractions" in res.output
    missing = CliRunner().invoke(app, ["explain", str(ROOT / "nope.txt")], env=ENV)
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_an_unreadable_file_is_reported_not_a_crash(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    res = CliRunner().invoke(app, ["explain", str(tmp_path / "empty.txt"), "--html", str(tmp_path / "e.html")], env=ENV)
    assert res.exit_code == 1 and "skipped" in res.output and "empty.txt" in res.output
    assert "No article could be read." in (tmp_path / "e.html").read_text(encoding="utf-8")


class _Spans(HTMLParser):
    """Collects the highlight spans of a page: (class, data-rule, title, text inside)."""

    def __init__(self):
        super().__init__()
        self.found, self.stack, self.in_label = [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_label = self.in_label or tag == "sup"  # the rule label after a span is not its text
        if tag == "span":
            d = dict(attrs)
            self.stack.append([d.get("class", ""), d.get("data-rule"), d.get("title"), ""])

    def handle_endtag(self, tag):
        self.in_label = self.in_label and tag != "sup"
        if tag == "span" and self.stack:
            item = self.stack.pop()
            if self.stack:
                self.stack[-1][3] += item[3]
            if "x-" in item[0] and item[1]:
                self.found.append(tuple(item))

    def handle_data(self, data):
        if self.stack and not self.in_label:
            self.stack[-1][3] += data


def test_html_is_self_contained_and_escaped(processor):
    res, _ = _spans_for(processor)
    page = html_page([res], "explain <test>", "abc")
    assert "<script" not in page and "http" not in page.split("<body>")[0].split("</title>")[1]  # no outside files
    assert "&lt;24 jam&gt; &amp; perahu" in page and "<24 jam>" not in page
    assert "Warga &lt;Desa&gt; Dadaplangu &amp; banjir" in page
    parser = _Spans()
    parser.feed(page)
    official = [f for f in parser.found if "x-official" in f[0]]
    assert official and official[0][3] == "Kapolsek Ponggok AKP Bagus Santoso"
    assert "officials: " in official[0][2] and "rank=AKP" in official[0][2] and official[0][1] in official[0][2]


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run_chromium(args, url):
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        return subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", *args, url], capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (.ci/run installs it)")
def test_html_page_renders_in_headless_chromium(tmp_path):
    from PIL import Image

    page = tmp_path / "klaten.html"
    res = CliRunner().invoke(app, ["explain", str(KLATEN), "--html", str(page), "--no-table"], env=ENV)
    assert res.exit_code == 0, res.output
    shot = tmp_path / "shot.png"
    _run_chromium([f"--screenshot={shot}", "--window-size=1100,1400"], page.as_uri())
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(shot).convert("RGB")
    assert img.size == (1100, 1400)
    colours = {c for _n, c in img.getcolors(maxcolors=1 << 20)}
    assert len(colours) > 50  # text, not a blank page
    for label in ("OFFICIAL", "PLACE", "QUOTE"):  # the highlight backgrounds are painted
        hexc = COLOURS[label].lstrip("#")
        assert tuple(int(hexc[i:i + 2], 16) for i in (0, 2, 4)) in colours, label
    dom = _run_chromium(["--dump-dom"], page.as_uri()).stdout
    parser = _Spans()
    parser.feed(dom)
    texts = {(re.sub(r"\s+", " ", t), rule) for _c, rule, _title, t in parser.found}
    assert ("Kades Tlingsing Joko Sarwono", "people.position_name") in texts
    assert ("12 Juni 2025", "dates.day_month_name") in texts
    assert any(rule == "quotes.direct_cue_after" and t.startswith("Kami sudah membuka dapur umum") for t, rule in texts)
