"""tag(): find the time expressions of a text with the grammar and normalise them with the resolver."""
from __future__ import annotations

import datetime
import re

from . import grammar, timex3
from .context import Sentences
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
        out.append(found)
        pos = found.end
    return out


# TimeBank leaves the article out of adjectival durations ("a [two-year] term", "a [three hour] delay").
_LEADING_ARTICLE = re.compile(
    r"(?:a|an|the|its)\s+(?=\S+-(?:\S+-)?(?:second|minute|hour|day|night|week|month|quarter|year|decade|century)$)"
    r"|(?:a|an)\s+(?=(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\S*\s)",
    re.IGNORECASE,
)


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
        if res is None:
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
