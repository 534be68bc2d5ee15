"""Digests as Word documents, written by the core without charts drawn (figures as tables)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document

from casebook.digest import DigestSpec, compile_digest
from casebook.digest_docx import write_docx
from casebook.library import Library


def test_word_structure_marking_and_tables_without_chart_images(home, tmp_path: Path) -> None:
    with Library(home) as lib:
        lib.update()
        d = compile_digest(lib, DigestSpec("Failures", outcomes=("failure",), marking="OFFICIAL-SENSITIVE",
                                           prepared_for="Cabinet"))
    out = tmp_path / "f.docx"
    write_docx(d, out)
    doc = Document(str(out))
    styled = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert styled[:8] == [("Title", "Failures"), ("Heading 1", "Contents"), ("Heading 1", "Executive summary"),
                          ("Heading 1", "Recurring lessons"), ("Heading 1", "Since the last digest"),
                          ("Heading 1", "The cases in figures"), ("Heading 2", "Cases by theme"),
                          ("Heading 2", "Cases by year")]
    assert ("Heading 2", "1. Ransomware attack and regulator reprimand") in styled
    assert doc.sections[0].header.paragraphs[0].text == "Failures\t\tOFFICIAL-SENSITIVE"
    cover = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cover[3] == ["Prepared for", "Cabinet"] and cover[6] == ["Handling", "OFFICIAL-SENSITIVE"]
    assert [[c.text for c in row.cells] for row in doc.tables[2].rows][:3] == [["Year", "Cases"], ["2015", "1"],
                                                                              ["2018", "4"]]
    xml = "".join(zipfile.ZipFile(out).read(n).decode("utf-8") for n in zipfile.ZipFile(out).namelist()
                  if n.endswith(".xml"))
    assert 'w:instr="PAGE"' in xml and 'w:instr="NUMPAGES"' in xml
    assert "file:" not in xml and str(tmp_path) not in xml
