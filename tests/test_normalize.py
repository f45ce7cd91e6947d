from pipeline.normalize import compile_noise, normalize_text


def test_noise_quotes_and_offsets(rules):
    raw = ("Camat Lumbang hadir.\n\nADVERTISEMENT\n\n\u201cKami siap menjaga desa,\u201d ucapnya\u00a0kemarin.\n\n"
           "Baca Juga: Judul lain\n\nKapolres meminta warga agar tetap\n\nwaspada di rumah.")
    ot = normalize_text(raw, compile_noise(rules))
    assert "ADVERTISEMENT" not in ot.text and "Baca Juga" not in ot.text
    assert '"Kami siap menjaga desa," ucapnya kemarin.' in ot.text
    assert "agar tetap waspada di rumah." in ot.text  # paragraph broken mid-sentence joined
    i = ot.text.index("waspada")
    s, e = ot.raw_span(i, i + len("waspada"))
    assert raw[s:e] == "waspada"
    j = ot.text.index("Kami")
    assert raw[slice(*ot.raw_span(j, j + 4))] == "Kami"


def test_mojibake_repaired(rules):
    ot = normalize_text("Kerja sama dengan T\u00c3\u00bcrkiye.", compile_noise(rules))
    assert ot.text == "Kerja sama dengan T\u00fcrkiye."
