"""Cue words that say what kind of event a date anchors and how sure the report is (modality)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# (pattern, kind). "joint statement" is an agreement and must beat "statement": longer patterns win
# because the alternation below is ordered by pattern length and matched leftmost.
KIND_CUES: list[tuple[str, str]] = [
    (r"summit(?:s|ry)?", "summit"),
    (r"meet(?:s|ing|ings)?|met(?!\w)", "summit"),
    (r"g[eo]t(?:s|ting)? together", "summit"),
    (r"sit[- ]down", "summit"),
    (r"talks|negotiations?|negotiat(?:ed|ing|e|ors?)|dialogue|working[- ]level", "talks"),
    (r"visit(?:s|ed|ing)?|trip|travell?(?:ed|ing|s)?|fl(?:ew|ies|y) to|arriv(?:ed|es|al|ing)", "visit"),
    (r"letters?", "letter"),
    (r"said|says|told|tell|tweet(?:s|ed)?|statements?|announc(?:ed|es|ement)|warned|declared|claimed|"
     r"remarks|speech|interview|stated|insisted|reported", "statement"),
    (r"joint statement|agreements?|deals?|declarations?|pledged?s?|signed|accord|treaty|commitments?", "agreement"),
    (r"tests?|tested|testing|test-fir(?:ed|es|ing)|launch(?:es|ed|ing)?|fired|firing", "test"),
    (r"sanctions?|sanctioned", "sanctions"),
    (r"deadline|end-of-year deadline|target(?:s|ed)?|goal|by the end of|until the end of|hope[sd]? to achieve|hoping to achieve|timeline for", "deadline"),
]

# Verbs that stand for an event named earlier in the sentence: "a second summit ... would be held in late February".
ANAPHORIC = r"(?:be|was|were|is|are|been|being) held|take[sn]? place|took place|taking place|go(?:es)? ahead|went ahead"

MODALITY_CUES: list[tuple[str, str]] = [
    (r"would|will|'ll|\u2019ll|shall|be held|scheduled|planned|plans? to|expected|due to|set (?:for|to)|slated|"
     r"upcoming|going to|preparations? for|prepar(?:e|es|ing) for", "scheduled"),
    (r"hope[sd]? to|hoping to|aim(?:s|ed|ing)? (?:to|for)|target(?:s|ed)?|goal|deadline", "target"),
    (r"could|may|might|possibl[ey]|considering|consider(?:s|ed)?|potential(?:ly)?|mulling|perhaps|maybe|"
     r"floated|proposed", "possible"),
]

# Modal cues further than this from a date (in characters) belong to another clause.
MODALITY_REACH = 60

ORDINALS = {"first": "First", "second": "Second", "third": "Third", "fourth": "Fourth", "fifth": "Fifth",
            "1st": "First", "2nd": "Second", "3rd": "Third"}


def _compile(table: list[tuple[str, str]], *, ignore_case: bool) -> tuple[re.Pattern, dict[str, str]]:
    parts, names = [], {}
    for i, (pattern, label) in enumerate(sorted(table, key=lambda item: -len(item[0]))):
        names[f"c{i}"] = label
        parts.append(f"(?P<c{i}>{pattern})")
    flags = re.I if ignore_case else 0
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags), names


_KIND_RX, _KIND_NAMES = _compile(KIND_CUES, ignore_case=True)
_ANAPHORIC_RX = re.compile(rf"(?<![\w-])(?:{ANAPHORIC})(?![\w-])", re.I)
# Case-sensitive: "may" is a modal, "May" a month.
_MOD_RX, _MOD_NAMES = _compile(MODALITY_CUES, ignore_case=False)
_MOD_RX_CAP = re.compile(r"(?<![\w-])(?:Would|Will|Could|Might|Perhaps|Maybe|Possibly)(?![\w-])")
_EVENT_NOUNS = {"summit", "talks", "visit", "letter", "agreement", "test", "sanctions"}


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    label: str  # kind or modality
    text: str
    antecedent: int | None = None  # for "be held": where the event noun it stands for starts


def kind_cues(sentence: str) -> list[Cue]:
    """Kind cues in a sentence; an anaphoric verb takes the kind of the nearest event noun before it."""
    cues = [Cue(m.start(), m.end(), _KIND_NAMES[m.lastgroup], m.group(0)) for m in _KIND_RX.finditer(sentence)]
    for m in _ANAPHORIC_RX.finditer(sentence):
        before = [c for c in cues if c.end <= m.start() and c.label in _EVENT_NOUNS]
        if before:
            cues.append(Cue(m.start(), m.end(), before[-1].label, m.group(0), before[-1].start))
    return sorted(cues, key=lambda c: c.start)


def modality_cues(sentence: str) -> list[Cue]:
    cues = [Cue(m.start(), m.end(), _MOD_NAMES[m.lastgroup], m.group(0)) for m in _MOD_RX.finditer(sentence)]
    cues += [
        Cue(m.start(), m.end(), "possible" if m.group(0).lower() in {"could", "might", "perhaps", "maybe", "possibly"}
            else "scheduled", m.group(0))
        for m in _MOD_RX_CAP.finditer(sentence)
    ]
    # "by <date>" sets a target ("by January 2021", "by the end of the year").
    return sorted(cues, key=lambda c: c.start)


def distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters between two spans (0 when they overlap)."""
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


# Between a date and a cue, a clause boundary usually means the cue belongs to another predicate:
# "met in Singapore on 12 June 2018 and signed a statement", "in June 2018, a reader insisted".
_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]|\b(?:and|but|which|while|whereas|although|because|when)\b", re.I)
CLAUSE_PENALTY = 60


def cue_score(sentence: str, cue_start: int, cue_end: int, start: int, end: int) -> int:
    """How far a cue is from a date, in characters, plus a penalty for each clause boundary in between."""
    gap = distance(cue_start, cue_end, start, end)
    between = sentence[cue_end:start] if cue_end <= start else sentence[end:cue_start]
    return gap + (CLAUSE_PENALTY if _CLAUSE_BREAK.search(between) else 0)


def ordinal_before(sentence: str, position: int) -> str | None:
    """The ordinal just before an event noun: "a second summit" -> "Second"."""
    window = sentence[max(0, position - 30) : position].lower()
    words = re.findall(r"[\w']+", window)[-3:]
    for word in reversed(words):
        if word in ORDINALS:
            return ORDINALS[word]
    return None


BY_BEFORE = re.compile(r"(?<![\w-])(?:by|before|no later than)\s+(?:the\s+(?:end|start|middle)\s+of\s+)?$", re.I)
