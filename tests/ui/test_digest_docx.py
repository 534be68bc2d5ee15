"""Digests as Word documents through the app's exporter: charts drawn by Qt as images with alt text."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from casebook.digest import DigestSpec, compile_digest, write
from casebook.home import Home
from casebook.library import Library


def test_the_docx_exporter_draws_charts_as_images_with_alt_text(qapp, tmp_path: Path) -> None:
    with Library(Home(tmp_path / "home")) as lib:
        lib.update()
        d = compile_digest(lib, DigestSpec("Failures", outcomes=("failure",)))
        out = write(d, tmp_path / "f.docx")
    doc = Document(str(out))
    alt = [(s._inline.docPr.get("title"), s._inline.docPr.get("descr")) for s in doc.inline_shapes]
    assert alt == [
        ("Cases by theme", "Cases by theme: public expectations 9, data and personalisation 4, changing workforce 4, "
                           "placemaking 4, participation and community 3, emerging technologies 2"),
        ("Cases by year", "Cases by year: 2015 1, 2018 4, 2019 1, 2020 6, 2022 1, 2023 4")]
    assert [s.width.cm for s in doc.inline_shapes] == [16.0, 16.0]
    assert "Cases by theme" not in [p.text for p in doc.paragraphs]  # no table repeating the chart
