"""Digests as PDF (drawn by Qt, offscreen): cover, the handling marking in the header of every
page, contents with page numbers, page x of y, every title, no local path."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf
import pytest

from casebook.digest import DigestSpec, compile_digest, write
from casebook.home import Home
from casebook.library import Library


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, ligatures undone (NFKC) and white space collapsed."""
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pypdf.PdfReader(path).pages]


def test_pdf_from_the_bundled_failures(qapp, tmp_path: Path) -> None:  # qapp: one QApplication for all tests
    with Library(Home(tmp_path / "home")) as lib:
        lib.update()
        d = compile_digest(lib, DigestSpec("Failures and lessons", outcomes=("failure",), marking="OFFICIAL-SENSITIVE",
                                           question="What went wrong, and what did councils learn?",
                                           prepared_for="Chief Executive's Office", prepared_by="Policy team"))
        out = write(d, tmp_path / "digest.pdf")
    pages = pdf_pages(out)
    flat = " ".join(pages)
    assert 10 <= len(pages) <= len(d.entries)  # entries flow, several to a page
    for n, text in enumerate(pages, 1):  # header and footer are drawn first
        assert text.startswith(f"Failures and lessons OFFICIAL-SENSITIVE Page {n} of {len(pages)} "), n
    assert ("Question What went wrong, and what did councils learn? Selection failure cases, failures first, "
            "newest first within each outcome Period covered December 2015 to October 2023 Prepared for Chief "
            "Executive's Office Prepared by Policy team") in pages[0]
    assert (f"Page 2 of {len(pages)} Contents Executive summary 3 Recurring lessons 3 Since the last digest 4 "
            "The cases in figures 4 The cases 4 1. Ransomware attack and regulator reprimand 4") in pages[1]
    assert (f"Page 3 of {len(pages)} Executive summary This digest brings together 17 cases from 16 councils: "
            "all failures.") in pages[2]
    for entry in d.entries:
        assert " ".join(entry.case.title.split()) in flat, entry.case.title
    assert "This is the first digest of this title." in flat
    assert "file:" not in flat and str(tmp_path) not in flat and "Cases by outcome" not in flat
    assert pypdf.PdfReader(out).metadata.title == "Failures and lessons"


def test_the_cli_writes_a_pdf_headless(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["CASEBOOK_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "ui", "digest", "chatbot", "--title", "Chatbots", "--out",
                           str(tmp_path / "c.pdf")], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert pypdf.PdfReader(tmp_path / "c.pdf").pages


def test_the_cli_refuses_a_pdf_into_a_missing_folder_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["CASEBOOK_HOME"] = str(tmp_path / "home")
    out = tmp_path / "nodir" / "x.pdf"
    done = subprocess.run([sys.executable, "-m", "ui", "digest", "chatbot", "--title", "T", "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=180)
    assert (done.returncode, done.stdout) == (2, "")
    folder = tmp_path / "nodir"
    assert done.stderr == f"casebook: cannot write {out}: the folder {folder} does not exist\n"
    assert not (tmp_path / "nodir").exists()


def test_the_pdf_writer_fails_loudly_when_it_cannot_paint(qapp, tmp_path: Path) -> None:
    """Called directly (not through digest.write's check), its painter cannot begin on a missing folder."""
    from casebook.errors import CasebookError
    from ui.pdf import write_pdf

    with Library(Home(tmp_path / "home")) as lib:
        lib.update()
        d = compile_digest(lib, DigestSpec("Chatbots", query="chatbot"))
    out = tmp_path / "nodir" / "x.pdf"
    with pytest.raises(CasebookError) as caught:
        write_pdf(d, out)
    assert str(caught.value) == f"cannot write {out}: Qt's PDF writer could not open the file"
    assert not out.exists()
