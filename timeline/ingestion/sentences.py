"""Sentence boundaries with character offsets into the body (pysbd, paragraph by paragraph)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    try:
        return pysbd.Segmenter(language=language, clean=False)
    except ValueError:  # pysbd knows ~20 languages; English rules are a sane default
        return pysbd.Segmenter(language="en", clean=False)


def _align(paragraph: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Find each segment in the paragraph in order; pysbd may alter spacing, so match loosely."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = paragraph.find(piece, cursor)
        if at < 0:
            # Match the same non-space characters with any whitespace between them.
            pattern = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", piece))
            m = re.compile(pattern).search(paragraph, cursor)
            if not m:
                continue
            at, end = m.start(), m.end()
        else:
            end = at + len(piece)
        spans.append((at, end))
        cursor = end
    return spans


def split_sentences(body: str, *, language: str = "en") -> list[Sentence]:
    """Sentences of body in order; paragraphs are hard boundaries and every character is covered."""
    segmenter = _segmenter(language)
    sentences: list[Sentence] = []
    for m in re.finditer(r"[^\n]+", body):
        paragraph, offset = m.group(0), m.start()
        if not paragraph.strip():
            continue
        spans = _align(paragraph, segmenter.segment(paragraph))
        if not spans:
            spans = [(0, len(paragraph))]
        # Text pysbd skipped (rare) is absorbed by the neighbouring sentence so no timex is left without one.
        spans[0] = (0, spans[0][1])
        spans[-1] = (spans[-1][0], len(paragraph.rstrip()))
        fixed = []
        for i, (s, e) in enumerate(spans):
            if i + 1 < len(spans):
                e = max(e, spans[i + 1][0])
                # keep the trailing space out of the sentence
                while e > s and paragraph[e - 1].isspace():
                    e -= 1
            fixed.append((s, e))
        for s, e in fixed:
            sentences.append(Sentence(offset + s, offset + e, paragraph[s:e]))
    return sentences


def sentence_span(sentences: list[Sentence], start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) containing [start, end)."""
    first = last = None
    for sentence in sentences:
        if sentence.end > start and sentence.start < end or sentence.start <= start < sentence.end:
            first = sentence if first is None else first
            last = sentence
        elif sentence.start >= end:
            break
    if first is None:
        return start, end
    return first.start, last.end
