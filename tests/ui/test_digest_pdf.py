"""Digests as PDF (drawn by Qt, offscreen): pages, contents with page numbers, every title."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf

from casebook.digest import DigestSpec, compile_digest, write
from casebook.home import Home
from casebook.library import Library


def test_pdf_from_the_bundled_cases(tmp_path: Path) -> None:
    with Library(Home(tmp_path / "home")) as lib:
        lib.update()
        d = compile_digest(lib, DigestSpec("Failures and lessons", outcomes=("failure",)))
        out = write(d, tmp_path / "digest.pdf")
    reader = pypdf.PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(unicodedata.normalize("NFKC", text).split())  # NFKC undoes ligatures such as "ﬁ"
    assert len(d.entries) + 3 <= len(reader.pages) <= 2 * len(d.entries) + 6
    assert "Contents" in flat and f"Page 1 of {len(reader.pages)}" in flat
    for entry in d.entries:
        assert " ".join(entry.case.title.split()) in flat, entry.case.title
    assert f"{d.entries[0].case.title} — page" in flat
    assert reader.metadata.title == "Failures and lessons"


def test_the_cli_writes_a_pdf_headless(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["CASEBOOK_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "ui", "digest", "chatbot", "--title", "Chatbots", "--out",
                           str(tmp_path / "c.pdf")], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert pypdf.PdfReader(tmp_path / "c.pdf").pages
