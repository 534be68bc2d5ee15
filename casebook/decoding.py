"""Bytes to text for case files written by many tools on many systems."""

from __future__ import annotations

import codecs

from casebook.errors import CaseFormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: str) -> str:
    """Decode by BOM, else as UTF-8, else as Windows-1252 (Latin-1 when a byte is undefined
    there); newlines become LF.

    Raises CaseFormatError for binary data or a BOM whose encoding does not hold.
    """
    return _normalise_newlines(_decode(data, path))


def _decode(data: bytes, path: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise CaseFormatError(path, 1, f"starts with a {encoding} byte-order mark "
                                      f"but is not valid {encoding} ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise CaseFormatError(path, 1, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
