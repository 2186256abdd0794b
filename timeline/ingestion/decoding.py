"""Bytes to text: UTF-8 (with or without BOM) and UTF-16 with BOM; anything else is refused."""

from __future__ import annotations

import codecs
import re

from .errors import IngestError

BINARY_MESSAGE = "The file looks binary or is not UTF-8 text; save it as UTF-8 (or UTF-16 with BOM) and try again."

# C0 controls other than tab, newline, carriage return and form feed never occur in article text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def human_size(n: int) -> str:
    """Format a byte count for messages: 2 MB, 512 KB, 900 bytes."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"


def check_size(size: int, limit: int) -> None:
    """Refuse input over the configured limit (settings.TIMELINE_MAX_UPLOAD_BYTES)."""
    if size > limit:
        raise IngestError(f"The text is too large ({human_size(size)}); the limit is {human_size(limit)}.")


def decode(data: bytes | str) -> str:
    """Return the text of data, or raise IngestError for binary / non-UTF-8 input."""
    if isinstance(data, str):
        text = data.lstrip("\ufeff")
    else:
        if data.startswith(codecs.BOM_UTF8):
            raw, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raw, encoding = data, "utf-16"
        else:
            raw, encoding = data, "utf-8"
        if encoding == "utf-8" and b"\x00" in raw:
            raise IngestError(BINARY_MESSAGE)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            raise IngestError(BINARY_MESSAGE) from None
        text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise IngestError(BINARY_MESSAGE)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: a str from a lossy decode, not real text
        raise IngestError("The text is not valid Unicode (it contains unpaired surrogates).") from None
    # A few stray control characters happen in pasted text; many mean a binary file decoded by luck.
    controls = len(_CONTROL.findall(text))
    if controls and controls > max(2, len(text) // 1000):
        raise IngestError(BINARY_MESSAGE)
    return _CONTROL.sub("", text)
