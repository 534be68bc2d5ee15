"""`./dev digest-shots [DIR]`: a digest of the bundled failures in all three formats, and a PNG of a
page of each (default docs/digest): Markdown and HTML drawn by Qt, the PDF by `pdftoppm`
(Debian's poppler-utils) when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QApplication

from casebook.digest import DigestSpec, compile_digest, to_html, write
from casebook.home import Home
from casebook.library import Library
from casebook.render import markdown_html

WIDTH, HEIGHT = 820, 1100


def page_png(html_text: str, out: Path) -> Path:
    """The first page-sized part of an HTML text as Qt lays it out."""
    doc = QTextDocument()
    doc.setHtml(html_text)
    doc.setPageSize(QSizeF(WIDTH, HEIGHT))
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    image.save(str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/digest")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, Library(Home(Path(tmp) / "home")) as lib:
        lib.update()
        digest = compile_digest(lib, DigestSpec("What councils learned from failure", outcomes=("failure",)))
        for suffix in ("md", "html", "pdf"):
            print(write(digest, out / f"digest.{suffix}"))
        print(page_png(markdown_html((out / "digest.md").read_text("utf-8")), out / "digest-md.png"))
        print(page_png(to_html(digest), out / "digest-html.png"))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "3", str(out / "digest.pdf"),
                        str(out / "digest-pdf")], check=True)
        print(*sorted(out.glob("digest-pdf*.png")), sep="\n")
    else:
        print("pdftoppm not found (apt-get install poppler-utils): no PNG of the PDF", file=sys.stderr)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
