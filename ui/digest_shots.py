"""`./dev digest-shots [DIR]`: a digest of the bundled failures in all four formats (default
docs/digest), with PNGs to look at: the PDF's cover, executive summary and first case page
(`pdftoppm`, Debian's poppler-utils), the HTML as a browser shows it (headless Chromium) and the
Word document's first pages (LibreOffice converts it to PDF). A tool that is missing is reported
and its PNGs skipped; nothing here is part of `./dev test`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from casebook.digest import DigestSpec, compile_digest, write
from casebook.home import Home
from casebook.library import Library
from ui.pdf import heading_pages, layout, text_area

SPEC = DigestSpec("What councils learned from failure", outcomes=("failure",),
                  question="What have councils learned from their failures, and what should we do differently?",
                  prepared_for="Chief Executive's Office", prepared_by="Policy and Performance Team")
TIMEOUT = 180


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/digest")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, Library(Home(Path(tmp) / "home")) as lib:
        lib.update()
        digest = compile_digest(lib, SPEC)
        for suffix in ("md", "html", "pdf", "docx"):
            print(write(digest, out / f"digest.{suffix}"))
        pages = heading_pages(layout(digest, text_area()))
    del app
    _pdf_shots(out / "digest.pdf", {"cover": 1, "summary": pages["Executive summary"],
                                    "case": pages["The cases"] + 1}, out)
    _html_shot(out / "digest.html", out / "digest-html.png")
    _docx_shots(out / "digest.docx", out)
    return 0


def _have(tool: str, package: str) -> bool:
    if shutil.which(tool):
        return True
    print(f"{tool} not found (apt-get install {package}): its PNGs are skipped", file=sys.stderr)
    return False


def _pdf_shots(pdf: Path, pages: dict[str, int], out: Path, prefix: str = "digest-pdf") -> None:
    if not _have("pdftoppm", "poppler-utils"):
        return
    for name, page in pages.items():
        target = out / f"{prefix}-{name}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(page), "-l", str(page),
                        str(pdf), str(target)], check=True, timeout=TIMEOUT)
        print(f"{target}.png")


def _html_shot(page: Path, png: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium not found (apt-get install chromium): no PNG of the HTML", file=sys.stderr)
        return
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png.resolve()}", "--window-size=1000,1400", page.resolve().as_uri()],
                   check=True, timeout=TIMEOUT, capture_output=True)
    print(png)


def _docx_shots(docx: Path, out: Path) -> None:
    if not _have("soffice", "libreoffice-writer-nogui"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                        "--convert-to", "pdf", "--outdir", tmp, str(docx)], check=True, timeout=TIMEOUT,
                       capture_output=True)
        _pdf_shots(Path(tmp) / f"{docx.stem}.pdf", {"cover": 1, "summary": 3}, out, "digest-docx")


if __name__ == "__main__":
    raise SystemExit(main())
