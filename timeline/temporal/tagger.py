"""tag(): find the time expressions of a text with the grammar and normalise them with the resolver."""
from __future__ import annotations

import dataclasses
import datetime
import re

from . import grammar, timex3
from .context import Sentences
from .lexicon import MONTHS, WEEKDAYS
from .model import Timex
from .resolve import HANDLERS, Context


# Tests set this to re-raise handler bugs instead of skipping the expression.
STRICT = False


def tag(text: str, reference: datetime.date) -> list[Timex]:
    """Return the time expressions of text, resolved against reference, in text order."""
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    original = text
    text = _uncap_headlines(text)
    ctx = Context(text=text, ref=reference, sentences=Sentences(text))
    out: list[Timex] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = grammar.MASTER.search(text, pos)
        if m is None:
            break
        start = m.start()
        found = _resolve_at(text, start, ctx)
        if found is None:
            pos = start + 1
            continue
        found = _day_before_after(text, found, out[-1].end if out else 0, ctx)
        if text is not original:
            if original[found.start:found.end] in _CAPS_AMBIGUOUS:
                pos = found.end  # "TROOPS MAY LEAVE": in capitals the verb and the month look alike
                continue
            found = dataclasses.replace(found, text=original[found.start:found.end])
        out.append(found)
        pos = found.end
    return out


# "the day before last Tuesday", "the day after Christmas": one day off the named day.
_DAY_BEFORE_AFTER = re.compile(r"\b(?P<head>day)\s+(?P<dir>before|after)\s+$", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _day_before_after(text: str, found: Timex, floor: int, ctx: Context) -> Timex:
    """Return found widened to 'day before/after ...' and shifted a day, when the text says so."""
    if found.type != "DATE" or not _ISO_DAY.fullmatch(found.value) or found.earliest is None:
        return found
    m = _DAY_BEFORE_AFTER.search(text, max(floor, found.start - 12), found.start)
    if m is None:
        return found
    d = timex3.add_days(found.earliest, -1 if m["dir"].lower() == "before" else 1)
    if d is None:
        return found
    ctx.anchor = d
    earliest, latest, precision = timex3.value_range(timex3.day(d), found.mod)
    return Timex(m.start("head"), found.end, text[m.start("head"):found.end], "DATE", timex3.day(d), found.mod,
                 earliest, latest, precision)


_ASCII_WORD = re.compile(r"[A-Za-z]+")
# Capitalised words that are more often something else in an all-capitals headline.
_CAPS_AMBIGUOUS = frozenset({"MAY", "MARCH", "SECOND"})


# Names written with a capital in running text; every other headline word is read in lower case.
_PROPER = frozenset(
    {w for w in (*MONTHS, *WEEKDAYS) if len(w) > 3 or w == "may"}
    | {"christmas", "easter", "thanksgiving", "halloween", "valentine", "independence", "memorial", "labor", "election"}
)


def _headline_word(m: re.Match[str]) -> str:
    w = m.group().lower()
    return w.capitalize() if w in _PROPER else w


def _uncap_headlines(text: str) -> str:
    """Return text with ALL-CAPS lines in lower case (same length), so grammar and tense cues read headlines too."""
    pieces: list[str] = []
    changed = False
    for line in text.splitlines(keepends=True):
        words = _ASCII_WORD.findall(line)
        if len(words) >= 2 and line.upper() == line and any(len(w) > 1 for w in words):
            line = _ASCII_WORD.sub(_headline_word, line)
            changed = True
        pieces.append(line)
    return "".join(pieces) if changed else text


# TimeBank leaves the article out of adjectival durations ("a [two-year] term", "a [three hour] delay").
_LEADING_ARTICLE = re.compile(
    r"(?:a|an|the|its)\s+(?=\S+-(?:\S+-)?(?:second|minute|hour|day|night|week|month|quarter|year|decade|century)$)"
    r"|(?:a|an)\s+(?=(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\S*\s)",
    re.IGNORECASE,
)


# Words written in lower case inside a sentence; capitalised there they are part of a name
# ('ABC's "This Week"', '"60 Minutes"', 'This is VOA Today').
_COMMON_WORDS = frozenset(
    "this next last past coming week weeks month months year years today tonight tomorrow yesterday now "
    "minute minutes hour hours day days night morning evening afternoon".split()
)
_WORDS = re.compile(r"[A-Za-z]+")
_OPENERS = " \t\"'`“‘([-—_"


_CLOSING_QUOTE = re.compile(r"[,.!?]?[\"'”’]")
# Bounded repeats only: this runs once per candidate and must stay linear on any input.
_NEXT_CAPITALISED = re.compile(r" (?:[A-Z][a-z]{0,20} ){0,4}[A-Z][a-z]{0,20}[\"'”’]| With | [A-Z][a-z]{1,20} [A-Z][a-z]{1,20}")


def _title_case_name(text: str, start: int, end: int) -> bool:
    """Return whether text[start:end] is a title-cased name inside a sentence, not a time expression."""
    words = _WORDS.findall(text, start, end)
    if not words or not all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return False
    if not any(w.lower() in _COMMON_WORDS for w in words):
        return False
    i = start
    while i > 0 and text[i - 1] in _OPENERS and text[i - 1] not in "\n":
        i -= 1
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    line_end = text.find("\n", end, end + 200)
    line = _WORDS.findall(text, line_start, line_end if line_end >= 0 else min(len(text), end + 200))
    long_words = [w for w in line if len(w) > 3]
    if long_words and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words):
        return False  # a title-cased headline ("Leaders To Meet Next Week") capitalises everything
    if "_" in text[i:start] or "--" in text[i:start] or "—" in text[i:start]:
        return False  # after a dateline dash: "WASHINGTON (AP) _ Today the Senate voted"
    if any(q in text[i:start] for q in "\"'`“‘"):
        # An opening quote: quoted speech ('he said, "Today we...') starts a sentence, a quoted name
        # ('"This Week," said', '"This Week With David Brinkley"') closes at once or runs on in capitals.
        return bool(_CLOSING_QUOTE.match(text, end) or _NEXT_CAPITALISED.match(text, end))
    # Sentence-initial or line-initial capitals say nothing; a capital after a word does.
    return i > 0 and text[i - 1] not in ".!?:;\n"


def _resolve_at(text: str, start: int, ctx: Context) -> Timex | None:
    """Return the Timex of the longest rule match at start that its handler accepts."""
    candidates = []
    for order, (name, rx) in enumerate(grammar.rules_at(text, start)):
        m = rx.match(text, start)
        if m:
            candidates.append((-(m.end() - start), order, name, m))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _, _, name, m in candidates:
        ctx.start, ctx.end = m.start(), m.end()
        try:
            res = HANDLERS[name](m, ctx)
        except (ValueError, OverflowError):
            res = None  # a calendar edge (year 1 or 9999): no expression here
        except (KeyError, IndexError, TypeError, AttributeError):
            # A handler bug must not cost the caller the whole text; tests run with STRICT to find them.
            if STRICT:
                raise
            res = None
        if res is None or name != "holiday" and _title_case_name(text, m.start(), m.end()):
            continue
        if res.anchor is not None:
            ctx.anchor = res.anchor
        earliest = latest = precision = None
        if res.type in ("DATE", "TIME"):
            earliest, latest, precision = timex3.value_range(res.value, res.mod)
            if earliest is not None and precision in ("day", "week", "month", "quarter", "season", "half-year", "year"):
                ctx.last_date = earliest
        start = res.start if res.start is not None else m.start()
        end = res.end if res.end is not None else m.end()
        lead = _LEADING_ARTICLE.match(text, start, end)
        if lead:
            start = lead.end()
        return Timex(start, end, text[start:end], res.type, res.value, res.mod, earliest, latest, precision)
    return None
