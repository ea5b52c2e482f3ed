"""Readers: sniff a file's real format and turn it into a :class:`~sowlint.model.Document`.

Each format's reader lives in its own module and is imported only when a file of that format is
read, so checking markdown never imports the docx or pdf stack.
"""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

from sowlint.model import Document, Format

#: Extensions a directory walk picks up, by the format they claim.
EXTENSIONS: dict[str, Format] = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".txt": "text",
}

_MODULES: dict[str, str] = {
    "docx": "sowlint.readers.docx",
    "pdf": "sowlint.readers.pdf",
    "markdown": "sowlint.readers.markdown",
    "yaml": "sowlint.readers.yaml",
    "text": "sowlint.readers.text",
}

#: Largest file sowlint reads (bytes); bigger files are reported, not read.
MAX_BYTES = 200 * 1024 * 1024


class ReadError(Exception):
    """A file could not be read as a SOW; the message is one line for the user."""


def decode_text(data: bytes) -> str:
    """Decode text bytes (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def _text_format(path: Path, text: str) -> Format:
    claimed = EXTENSIONS.get(path.suffix.lower())
    if claimed in ("markdown", "yaml", "text"):
        return claimed
    lines = text.splitlines()[:200]
    if any(line.startswith(("# ", "## ", "### ")) for line in lines):
        return "markdown"
    if lines and any(line.startswith(("title:", "scope:", "deliverables:")) for line in lines):
        return "yaml"
    return "text"


def sniff(path: Path, head: bytes) -> Format:
    """Decide a file's format from its first bytes, using the extension only for text kinds."""
    claimed = EXTENSIONS.get(path.suffix.lower())
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise ReadError(f"corrupt or truncated zip container ({exc})") from None
        if "word/document.xml" in names:
            return "docx"
        raise ReadError("a zip archive but not a Word document (no word/document.xml)")
    if claimed == "pdf":
        raise ReadError("not a PDF file (no %PDF header): wrong extension or damaged file")
    if claimed == "docx":
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReadError("an encrypted or legacy binary Word file, not a .docx; save it as .docx")
        raise ReadError("not a Word .docx file (not a zip container): wrong extension or damaged")
    if _looks_binary(head):
        raise ReadError("binary content, not a text document")
    return _text_format(path, decode_text(head))


def read_document(path: Path, display: str | None = None) -> Document:
    """Read ``path`` into a Document; raise :class:`ReadError` with a one-line reason."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"file too large ({size // (1024 * 1024)} MB > {MAX_BYTES >> 20} MB)")
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise ReadError(f"cannot open file: {exc.strerror or exc}") from None
    if not head:
        raise ReadError("empty file")
    fmt = sniff(path, head)
    module = importlib.import_module(_MODULES[fmt])
    try:
        doc: Document = module.read(path, shown)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(f"{fmt} structure nested too deeply to read") from None
    except MemoryError:
        raise ReadError(f"{fmt} content too large to read") from None
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReadError(f"cannot read as {fmt}: {first[:200]}") from None
    return doc
