"""The normaliser: turns a rule match into a TIMEX3 type, value and mod against the reference date.

One handler per grammar rule.  A handler returns a Resolution, or None to say
"this match is not a time expression here" (e.g. "may" the verb).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Callable

from . import timex3 as tx
from .context import Sentences
from .lexicon import MONTHS, NUMBERS, ORDINALS, PARTS_OF_DAY, SEASONS, UNITS, WEEKDAYS


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a match means: TIMEX3 type, value and mod, and whether it names a day (an anchor)."""

    type: str
    value: str
    mod: str | None = None
    anchor: datetime.date | None = None
    end: int | None = None  # a shorter end than the match ("[three days] later")
    start: int | None = None  # a later start than the match ("would last [40 years]")


@dataclass(slots=True)
class Context:
    """What the handlers may look at: the text, its reference date, sentences and the last named day."""

    text: str
    ref: datetime.date
    sentences: Sentences
    anchor: datetime.date | None = None  # the last day mentioned: narrative time for "the next day"
    last_date: datetime.date | None = None  # first day of the last anchored expression, any precision
    start: int = 0
    end: int = 0
    cache: dict = field(default_factory=dict)

    def tense(self) -> str | None:
        """Return the tense ('past', 'future', 'present' or None) around the current match."""
        return self.sentences.tense(self.start, self.end)

    def before(self, n: int = 30) -> str:
        """Return up to n characters of text before the current match."""
        return self.text[max(0, self.start - n):self.start]

    def after(self, n: int = 30) -> str:
        """Return up to n characters of text after the current match."""
        return self.text[self.end:self.end + n]


Handler = Callable[[re.Match[str], Context], Resolution | None]

_MOD_WORDS = {
    "early": "START", "beginning": "START", "start": "START", "dawn": "START", "first half": "START",
    "early part": "START", "first part": "START", "mid": "MID", "middle": "MID", "late": "END", "end": "END",
    "close": "END", "latter part": "END", "later part": "END", "second half": "END",
}
_APPROX_WORDS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "some": "APPROX",
    "close to": "APPROX", "nearly": "APPROX", "almost": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN",
    "just over": "MORE_THAN", "well over": "MORE_THAN", "upwards of": "MORE_THAN", "less than": "LESS_THAN",
    "fewer than": "LESS_THAN", "under": "LESS_THAN", "just under": "LESS_THAN", "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "not more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS",
}


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip().lower()


def _mod(m: re.Match[str], *groups: str) -> str | None:
    """Return the TIMEX3 mod of the modifier and approximation groups of a match."""
    for g in groups:
        word = _norm(m.groupdict().get(g)).rstrip("-").strip()
        word = re.sub(r"^the |^very | of( the)?$| part of$", "", word).strip()
        word = re.sub(r"^very ", "", word)
        if word in _MOD_WORDS:
            return _MOD_WORDS[word]
        if word in _APPROX_WORDS:
            return _APPROX_WORDS[word]
    return None


def _month(s: str | None) -> int | None:
    """Return the month number of a month token; lower-case 'may'/'march' are verbs, so capitals only."""
    if not s or not s[0].isupper():
        return None
    return MONTHS.get(s.lower().rstrip("."))


def _weekday(s: str | None) -> int | None:
    if not s or not s[0].isupper():
        return None
    return WEEKDAYS.get(s.lower().rstrip(".").removesuffix("day") if len(s) <= 5 else s.lower())


def _year(s: str | None, ref: datetime.date) -> int | None:
    """Return the year of '1998' or "'98" (two digits: the century that puts it nearest the reference)."""
    if not s:
        return None
    if s[0].isalpha():
        return _word_year(s)
    if s.startswith("'"):
        yy = int(s[1:])
        base = ref.year - ref.year % 100
        best = min((base - 100 + yy, base + yy, base + 100 + yy), key=lambda y: abs(y - ref.year))
        return best if tx.MIN_YEAR <= best <= tx.MAX_YEAR else None
    return int(s)


def _num(s: str | None) -> float | None:
    """Return the count a number token stands for, or None for a vague one ('several')."""
    s = _norm(s)
    if not s:
        return 1
    frac = re.fullmatch(r"(\d+)[\s-]+1/2", s)
    if frac:
        return int(frac.group(1)) + 0.5
    try:
        return float(s)
    except ValueError:
        pass
    if s in ("one and a half",):
        return 1.5
    if s in ("half a", "half an", "a half"):
        return 0.5
    if s in NUMBERS:
        return NUMBERS[s]
    parts = re.split(r"[\s-]+", s)
    if parts[-1] in ("hundred", "thousand") and parts[0] in NUMBERS:
        if parts[0] in ("several",):
            return None
        return NUMBERS[parts[0]] * NUMBERS[parts[-1]]
    if all(p in NUMBERS for p in parts):
        return sum(NUMBERS[p] for p in parts)
    return None  # several, few, many, some, dozens of ...


def _count(n: float | None) -> str:
    if n is None:
        return "X"
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _unit(s: str) -> str:
    """Return the singular unit word of a unit token."""
    s = s.lower()
    if s in ("centuries",):
        return "century"
    if s in ("millennia",):
        return "millennium"
    return s[:-1] if s.endswith("s") else s


def _duration(n: float | None, unit: str) -> str | None:
    """Return the TIMEX3 duration for n units: P3Y, PT4H, PXM, P18M for one and a half years."""
    letter, is_time = UNITS[unit]
    if unit == "weekend":
        return "P2D" if n == 1 else f"P{_count(n)}WE"
    if unit == "century":
        return f"P{_count(n * 100)}Y" if n is not None else "PXC"
    # TimeBank counts quarters in months (the next three quarters: P9M) and decades in years (P20Y).
    if unit == "quarter":
        return f"P{_count(n * 3)}M" if n is not None else "PXM"
    if unit == "decade" and n is not None and n >= 2:
        return f"P{_count(n * 10)}Y"
    if n is not None and not float(n).is_integer() and n > 1 and float(n * 2).is_integer() and letter in ("Y", "H", "D", "M"):
        # "2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M, "a minute and a half" -> PT1M30S
        whole = int(n)
        half = {"Y": "6M", "D": "12H", "H": "30M", "M": "30S" if is_time else "15D"}[letter]
        if letter == "D":
            return f"P{whole}DT{half}"
        return f"PT{whole}{letter}{half}" if is_time else f"P{whole}{letter}{half}"
    if n is not None and not float(n).is_integer():
        # TIMEX3 values have no fractions: half a year is P6M, half an hour PT30M.
        if is_time:
            smaller = {"H": ("M", 60), "M": ("S", 60)}
        else:
            smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "E": ("Y", 10)}
        if letter in smaller:
            sub, k = smaller[letter]
            n = n * k
            is_time = is_time or sub == "H"
            letter = sub
    return f"PT{_count(n)}{letter}" if is_time else f"P{_count(n)}{letter}"


def _direction(ctx: Context, default: int = -1) -> int:
    """Return -1 for past, +1 for future from the sentence's tense; default when it says nothing."""
    t = ctx.tense()
    return {"past": -1, "future": 1}.get(t or "", default)


def _quarter_of(d: datetime.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _shift_quarter(y: int, q: int, n: int) -> tuple[int, int]:
    total = y * 4 + (q - 1) + n
    return total // 4, total % 4 + 1


def _qvalue(y: int, q: int) -> str | None:
    return f"{y:04d}-Q{q}" if tx.MIN_YEAR <= y <= tx.MAX_YEAR else None


def _latest_quarter(ref: datetime.date) -> tuple[int, int]:
    """Return the last finished quarter: in financial news 'the quarter' is the one just reported."""
    return _shift_quarter(*_quarter_of(ref), -1)


def _date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _day_res(d: datetime.date | None, mod: str | None = None, pod: str | None = None) -> Resolution | None:
    if d is None:
        return None
    if pod:
        return Resolution("TIME", f"{tx.day(d)}T{pod}", mod, anchor=d)
    return Resolution("DATE", tx.day(d), mod, anchor=d)


_FUTURE_PREP = re.compile(
    r"(?:\b(?:by|until|till|through|before)\s+(?:the\s+)?(?:(?:early|mid|late|end\s+of)[\s-]+)?"
    r"|\bas\s+(?:early|soon)\s+as\s+(?:on\s+)?)$",
    re.I,
)


# Before a weekday only these point ahead: "by Wednesday" in news is as often a deadline already past.
# "postponed until Tuesday" names a deadline still running; a sentence-initial "Until Thursday, they had
# not..." tells the state before a change, so only the lower-case, mid-sentence "until" counts.
_AS_EARLY_AS = re.compile(r"(?:\b[Aa]s\s+(?:early|soon)\s+as|\buntil|\btill)\s+(?:on\s+)?$")


_ENDED = re.compile(r"\b(?:ended|closed)\s+(?:on\s+)?$", re.I)


def _pick_year(ctx: Context, month: int, day: int | None = None) -> int | None:
    """Return the year of a month (and day) given without one.

    The candidate nearest the reference wins, but one on the wrong side of the
    sentence's tense pays a penalty (three months): tense cues are noisy, distance is not.
    """
    ref = ctx.ref
    # "by February", "until mid-November": deadlines lie ahead.
    direction = 1 if _FUTURE_PREP.search(ctx.before(24)) else _direction(ctx, default=0)
    # "the quarter ended Sept. 30", "the fiscal year ended Jan. 31": a closed period lies behind.
    ended = _ENDED.search(ctx.before(16)) is not None
    if ended:
        direction = -1
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if not tx.MIN_YEAR <= y <= tx.MAX_YEAR:
            continue
        d = _date(y, month, day or 15)
        if d is None:
            continue
        if day is None:
            delta = ((y - ref.year) * 12 + month - ref.month) * 30  # months, in days
            wrong = direction < 0 and delta > 0 or direction > 0 and delta < 0
        else:
            delta = (d - ref).days
            wrong = direction < 0 and delta > 7 or direction > 0 and delta < -7
        cost = abs(delta) + ((_TENSE_PENALTY if day else _MONTH_TENSE_PENALTY) if wrong else 0) + (1000 if wrong and ended else 0)
        if best is None or cost < best[1]:
            best = (y, cost)
    return best[0] if best else None


_MONTH_TENSE_PENALTY = 240  # days; a month named in a past-tense sentence rarely lies ahead
_TENSE_PENALTY = 120  # days; tuned on TBAQ (60: -0.2, 120..200: same)


# --- handlers ------------------------------------------------------------------------------------


def h_iso(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'2019-01-24', '2019-01-24T15:00': an ISO day or time."""
    d = _date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["hh"]:
        return Resolution("TIME", f"{tx.day(d)}T{m['hh']}:{m['mm']}", anchor=d)
    return _day_res(d)


def h_slash(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'1/24/2019', '24/1/19': a numeric date, month first unless that cannot be."""
    y = int(m["y"])
    if len(m["y"]) == 2:
        y = _year("'" + m["y"], ctx.ref) or 0
    first, second = int(m["m"]), int(m["d"])
    # US news writes month/day; a first number above 12 can only be a day (24/1/2019).
    month, day = (first, second) if first <= 12 else (second, first)
    return _day_res(_date(y, month, day) if y else None)


def h_iso_slash(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'2019/01/24': a year-first numeric date."""
    return _day_res(_date(int(m["y"]), int(m["m"]), int(m["d"])))


def h_q_code(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'Q3 2019', 'H1': a quarter or half-year code, the year given or the reference's."""
    code = m["qh"].upper()
    if not m["qh"][0].isupper():
        return None
    y = _year(m["year"], ctx.ref) if m["year"] else ctx.ref.year
    value = tx.year(y) if y else None
    return Resolution("DATE", f"{value}-{code}") if value else None


def _day_word(word: str | None) -> int | None:
    """Return the day of an ordinal word ('eighth' -> 8, 'twenty-first' -> 21)."""
    if not word:
        return None
    parts = re.split(r"[\s-]+", word.lower())
    tens = {"twenty": 20, "thirty": 30}.get(parts[0], 0) if len(parts) > 1 else 0
    n = tens + ORDINALS.get(parts[-1], 0) if parts[-1] not in ("final", "last") else 0
    return n if 1 <= n <= 31 else None


# "April 24 and [25]": a bare day right after a month-day and a conjunction shares its month and year.
_DAY_PAIR_LEFT = re.compile(
    r"(?<![\w.])(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sept?\.|oct\.|nov\.|dec\.)\s*(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    r"\s*(?:and|or|&)\s+$",
    re.I,
)
_NOT_A_DAY_RIGHT = re.compile(r"\s*(?:%|percent|per\s*cent|million|billion|thousand|hundred|cents?|points?|years?|months?|weeks?|days?)\b", re.I)


def h_day_tail(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'April 24 and [25]': the second day of a pair, in the month of the first."""
    base = ctx.anchor
    if base is None or not _DAY_PAIR_LEFT.search(ctx.before(24)) or _NOT_A_DAY_RIGHT.match(ctx.after(12)):
        return None
    day = int(m["day"])
    if day <= base.day:
        return None  # "April 24 and 3": no pair of days
    return _day_res(_date(base.year, base.month, day))


def h_month_day(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'Jan. 3, 2018', '24 January', 'March eighth': a day of a month, the year from the text or the tense."""
    month = _month(m["month"])
    if month is None:
        return None
    day = int(m["day"]) if m["day"] else _day_word(m.groupdict().get("dayw"))
    if day is None:
        return None
    year = _year(m["year"], ctx.ref) if m["year"] else _pick_year(ctx, month, day)
    if year is None:
        return None
    return _day_res(_date(year, month, day), _mod(m, "approx", "mod"))


h_day_month = h_month_day


def h_month(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'January 2021', 'late February', 'June of last year': a month; 'may'/'march' in lower case are verbs."""
    month = _month(m["month"])
    if month is None:
        return None
    word = m["month"].lower()
    if word == "may" and not m["year"] and not m["mod"]:
        # 'May' opening a sentence is usually the modal verb; a month needs a cue around it.
        if not re.search(r"(?:\b(?:in|of|since|until|by|from|through|to|early|late|mid|last|next|this|during)\s+|-)$", ctx.before(12), re.I):
            return None
    year = _year(m["year"], ctx.ref) if m["year"] else None
    if year is None and not m["mod"] and re.match(r"\s+(?:of\s+(?:the|a)\b|for\s+[A-Z]|to\s+the\b)", ctx.after(12)):
        return None  # "the March of the Combatant Mothers", "the March for Life"
    if year is None and m["yrel"]:
        year = ctx.ref.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0)
    if year is None:
        year = _pick_year(ctx, month)
    value = tx.month(year, month)
    return Resolution("DATE", value, _mod(m, "approx", "mod")) if value else None


def h_rel_month(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'last June', 'next March', 'last Oct. 23': a month (or day) relative to the reference month."""
    month = _month(m["month"])
    if month is None:
        return None
    rel = _norm(m["rel"]).removeprefix("the ")
    ref = ctx.ref
    if rel in ("last", "past", "previous", "this past"):
        # "last February" written on 1 March is the February of the year before.
        year = ref.year if month < ref.month - 1 else ref.year - 1
    elif rel in ("next", "coming", "following"):
        year = ref.year if month > ref.month else ref.year + 1
    elif rel in ("this", "current", "same"):
        year = ref.year
    else:
        return None
    if m["day"]:
        return _day_res(_date(year, month, int(m["day"])) if tx.MIN_YEAR <= year <= tx.MAX_YEAR else None, _mod(m, "mod"))
    value = tx.month(year, month)
    return Resolution("DATE", value, _mod(m, "mod")) if value else None


_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s*cent|people|persons|men|women|troops|soldiers|workers|employees|jobs|shares|"
    r"miles|kilometers|km|feet|meters|tons|dollars|yen|pounds|marks|francs|barrels|acres|units|cars|"
    r"points?|votes|members|cases|deaths|students|homes|words|pages|[a-z]+s\s+(?:of|were|are|have))\b",
    re.I,
)


def h_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'1998', 'fiscal 1999', 'mid-2018', "'98": a year; bare numbers must look like years."""
    y = _year(m["year"], ctx.ref)
    if y is None or y < 1:
        return None
    if m["year"].startswith("'") and not (m["fiscal"] or m["mod"] or m["approx"]):
        # "'98" is a year after a preposition ("since '98"), not in "'60 Minutes".
        if not re.search(r"\b(?:in|since|of|from|to|by|until|through|before|after|early|late|mid)\s+$", ctx.before(10), re.I):
            return None
    bare = not (m["fiscal"] or m["mod"] or m["approx"] or m["year"].startswith("'"))
    if bare:
        if not 1700 <= y <= 2099 or _NOT_YEAR_AFTER.match(ctx.after(30)):
            return None
        if m["year"][0].isalpha():
            return None  # a year in words stands alone only in the word_year rule's contexts
        if re.search(r"(?:\d[,.]|No\.\s*|#|\bpage\s|\broute\s|\bflight\s|\bnumber\s)$", ctx.before(8), re.I):
            return None
    mod = _mod(m, "approx", "mod")
    if m["orlater"]:
        mod = "AFTER" if re.search("later|after", m["orlater"]) else "BEFORE"
    value = tx.year(y)
    return Resolution("DATE", value, mod) if value else None


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}


def h_decade(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the 1990s', "the early '80s", 'the sixties': a decade."""
    if m["dyear"]:
        dec = int(m["dyear"]) // 10
    elif m["dyy"]:
        y = _year("'" + m["dyy"], ctx.ref)
        if y is None or y > ctx.ref.year + 5:
            y = (y or 0) - 100
        dec = y // 10
    else:
        dec = 190 + _DECADE_WORDS[m["dword"].lower()]
    if dec < 0:
        return None
    return Resolution("DATE", f"{dec:03d}", _mod(m, "mod", "mod2"))


def h_century(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the 20th century': a century (value 19)."""
    word = _norm(m["cent"])
    n = int(re.match(r"\d+", word).group()) if word[0].isdigit() else (21 if word.startswith("twenty") else ORDINALS.get(word))
    if not n or n > 99 or word in ("final", "last"):
        return None
    return Resolution("DATE", f"{n - 1:02d}", _mod(m, "mod", "mod2"))


def h_this_century(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'this century', 'the past decade': the reference's century or decade, or a stretch of time."""
    rel = _norm(m["rel"])
    unit = m["unit"].lower()
    if rel.startswith("the ") and rel.split()[1] in ("past", "last", "next", "coming"):
        return Resolution("DURATION", {"century": "P100Y", "decade": "P10Y", "millennium": "P1000Y"}[unit])
    if rel not in ("this", "current", "the current", "last", "next", "the next", "previous"):
        return None
    shift = {"last": -1, "previous": -1, "next": 1, "the next": 1}.get(rel, 0)
    if unit == "century":
        return Resolution("DATE", f"{ctx.ref.year // 100 + shift:02d}", _mod(m, "mod"))
    if unit == "decade":
        return Resolution("DATE", f"{ctx.ref.year // 10 + shift:03d}", _mod(m, "mod"))
    return None


def _season_index(d: datetime.date) -> tuple[int, str]:
    """Return (year, season code) of the season a day falls in; December belongs to that year's winter."""
    if d.month in (3, 4, 5):
        return d.year, "SP"
    if d.month in (6, 7, 8):
        return d.year, "SU"
    if d.month in (9, 10, 11):
        return d.year, "FA"
    return (d.year if d.month == 12 else d.year - 1), "WI"


_SEASON_ORDER = ["SP", "SU", "FA", "WI"]


def h_season(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'last fall', 'the summer of 2017', 'this winter': a season; 'fall'/'spring' need a cue."""
    code = SEASONS[m["season"].lower()]
    rel = _norm(m["rel"]).removeprefix("the ")
    y = _year(m["year"], ctx.ref) if m["year"] else None
    if rel == "the":
        rel = ""
        if re.match(r"\s+of\s+(?:the|a|an|his|her|its|their)\b", ctx.after(12), re.I) or m["season"].islower() and m["season"].lower() in ("fall", "spring") and not y:
            # "the fall of the Berlin Wall", "the spring" of a mattress: not seasons.
            if not re.search(r"\b(?:in|during|by|since|until|through|over|for)\s+$", ctx.before(10), re.I):
                return None
    elif not (rel or y or m["mod"] or m["mod2"]):
        # 'fall' and 'spring' are verbs and nouns too: a bare season needs a preposition before it.
        if not re.search(r"\b(?:in|during|by|since|until|through|this|that|the|last|next|of|for|over|early|late|mid)\s+$", ctx.before(14), re.I):
            return None
        if re.match(r"\s+of\s+(?:the|a|an)\b", ctx.after(10), re.I):
            return None
    if y is None:
        cur_y, cur = _season_index(ctx.ref)
        ci, si = _SEASON_ORDER.index(cur), _SEASON_ORDER.index(code)
        if rel in ("last", "past", "previous", "this past"):
            y = cur_y if si < ci else cur_y - 1
        elif rel in ("next", "coming", "following"):
            y = cur_y if si > ci else cur_y + 1
        elif rel in ("this", "current", "same", "") :
            y = cur_y if code != "WI" or ctx.ref.month != 12 else ctx.ref.year
            if rel == "" and _direction(ctx, 0) < 0 and si > ci:
                y -= 1
            elif rel == "" and _direction(ctx, 0) > 0 and si < ci:
                y += 1
        else:
            return None
    value = tx.year(y)
    return Resolution("DATE", f"{value}-{code}", _mod(m, "mod", "mod2")) if value else None


def _quarter_number(word: str) -> int | None:
    w = word.lower()
    return {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4}.get(w)


def h_quarter(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the third quarter', 'third-quarter', "this year's second quarter": a quarter, the latest such by default."""
    q = _quarter_number(m["ord"])
    if q is None:
        return None
    y = _year(m["year"], ctx.ref) if m["year"] else (int(m["year2"]) if m["year2"] else None)
    qrel = _norm(m["qrel"])
    if qrel.endswith("year's"):
        y = ctx.ref.year + {"last": -1, "next": 1}.get(qrel.split()[0], 0)
    if y is None:
        ly, lq = _latest_quarter(ctx.ref)
        cy, cq = _quarter_of(ctx.ref)
        # An unnamed year is the latest such quarter, unless the sentence looks ahead.
        y = cy if q <= cq or _direction(ctx, 0) > 0 else cy - 1
    if qrel in ("year-earlier", "year-ago"):
        y -= 1
    value = _qvalue(y, q)
    if value and not qrel and not m["year"] and not m["year2"]:
        # Remember the report's own quarter ("its fiscal first quarter"), not a comparison ("1988's").
        ctx.cache["quarter"] = (y, q, ctx.start)
    return Resolution("DATE", value) if value else None


# How far back (characters) a named quarter still is "the quarter" of the report (TBAQ: 300 +1, 1000..3000 +2).
_QUARTER_REACH = 1500


def h_quarter_rel(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the quarter', 'the latest period', 'the year-ago quarter': the quarter an earnings report is about."""
    rel = _norm(m["qrel"])
    word = "period" if re.search(r"\bperiod\b", m.group(0), re.I) else "quarter"
    # 'period' alone is too vague; it is a quarter only in the set phrases of earnings reports.
    if word == "period" and rel not in ("latest", "year-earlier", "year-ago", "comparable", "year earlier", "same", "latest fiscal") and not m["year"]:
        return None
    if not rel and not m.group(0).lower().startswith("the"):
        return None
    cy, cq = _quarter_of(ctx.ref)
    if rel in ("this", "current"):
        y, q = cy, cq
    elif rel == "next":
        y, q = _shift_quarter(cy, cq, 1)
    else:
        y, q = _latest_quarter(ctx.ref)
        if rel == "" and _direction(ctx, 0) > 0:
            y, q = cy, cq
        named = ctx.cache.get("quarter")
        if rel in ("", "latest") and named and ctx.start - named[2] < _QUARTER_REACH:
            y, q = named[0], named[1]  # "its fiscal first quarter ... in the quarter": the one just named
    if rel in ("year-earlier", "year-ago", "year earlier", "comparable", "same") and word == "period" or m["qago"] or rel in ("year-earlier", "year-ago", "year earlier"):
        y -= 1
    if m["year"]:
        # "the 1988 quarter": the reported quarter of that year.
        y = _year(m["year"], ctx.ref) or y
    value = _qvalue(y, q)
    return Resolution("DATE", value) if value else None


def h_half(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the first half of 2018', 'the second half': a half-year."""
    h = 1 if m["ord"].lower() == "first" else 2
    y = _year(m["year"], ctx.ref) if m["year"] else None
    if y is None:
        hrel = (m["hrel"] or "").lower()
        if not hrel and not m.group(0).lower().startswith("the"):
            return None
        y = ctx.ref.year + {"last": -1, "next": 1}.get(hrel, 0)
        if not hrel and h == 2 and ctx.ref.month <= 6 and _direction(ctx, 0) < 0:
            y -= 1
    value = tx.year(y)
    return Resolution("DATE", f"{value}-H{h}") if value else None


def _rel_shift(rel: str) -> int | None:
    rel = rel.removeprefix("the ")
    if rel in ("last", "past", "previous", "this past"):
        return -1
    if rel in ("next", "coming", "following", "this coming"):
        return 1
    if rel in ("this", "current", "same"):
        return 0
    return None


def _unit_value(unit: str, base: datetime.date, n: int) -> str | None:
    """Return the TIMEX3 value of the calendar unit n units from the one containing base."""
    if unit in ("week", "weekend"):
        d = tx.add_days(base, 7 * n)
        return (tx.week(d) + ("-WE" if unit == "weekend" else "")) if d else None
    if unit == "month":
        y, mo = tx.add_months(base.year, base.month, n)
        return tx.month(y, mo)
    if unit in ("year", "fiscal year"):
        return tx.year(base.year + n)
    if unit == "day":
        d = tx.add_days(base, n)
        return tx.day(d) if d else None
    if unit == "quarter":
        return _qvalue(*_shift_quarter(*_quarter_of(base), n))
    return None


def h_rel_unit(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'last week', 'next year', 'earlier this month', 'the past year': a calendar unit next to the reference's."""
    rel = _norm(m["rel"])
    unit = _norm(m["unit"])
    shift = _rel_shift(rel)
    if shift is None:
        return None
    if rel in ("the past", "the last", "the next", "the coming") and not m["mod"] and unit in ("weekend", "fiscal year"):
        return Resolution("DURATION", {"weekend": "P2D", "fiscal year": "P1Y"}[unit])
    # 'the past year', 'the last week', 'the next year': TimeBank gives these the calendar unit
    # next to the reference, like 'last year' (measured on TBAQ: 4 of 4), not a duration.
    base = ctx.ref
    if rel in ("the following", "the previous", "the next", "the same", "following", "previous") and ctx.anchor:
        base = ctx.anchor
    value = _unit_value(unit, base, shift)
    return Resolution("DATE", value, _mod(m, "mod")) if value else None


def h_fiscal_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the fiscal year', 'its latest fiscal year': the company's year, named like 'the year'."""
    rel = _norm(m["frel"])
    if re.match(r"\s+(?:ended|ending|through|to\s+date)", ctx.after(20), re.I):
        return Resolution("DURATION", "P1Y")  # "the fiscal year ended Jan. 31": a span of accounts
    # "the latest/previous fiscal year" is the last one closed; "the (current) fiscal year" the running one.
    shift = {"latest": -1, "previous": -1, "prior": -1, "last": -1, "next": 1, "coming": 1}.get(rel, 0)
    return Resolution("DATE", tx.year(ctx.ref.year + shift))


def h_vague_future(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'in the near term', 'in the short term', 'at a later date': an unspecified time ahead."""
    return Resolution("DATE", "FUTURE_REF")


def h_the_unit_mod(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the end of the month', 'the beginning of the year': the unit around the reference date."""
    mod = _mod(m, "mod")
    if mod is None:
        return None
    value = _unit_value(m["unit"].lower(), ctx.ref, 0) if m["unit"].lower() in ("week", "month", "year") else None
    if m["unit"].lower() == "decade":
        value = f"{ctx.ref.year // 10:03d}"
    elif m["unit"].lower() == "century":
        value = f"{ctx.ref.year // 100:02d}"
    return Resolution("DATE", value, mod) if value else None


def h_year_end(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'year-end', 'by year's end': the end of the current year (or month)."""
    value = _unit_value(m["unit"].lower(), ctx.ref, 0)
    return Resolution("DATE", value, "END") if value else None


def h_that_unit(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'that year', 'later that day', 'the same month': the unit of the last expression the text anchored."""
    unit = m["unit"].lower()
    mod = {"earlier": None, "later": None, "late": "END", "early": "START"}.get((m["mod3"] or "").lower())
    if unit in PARTS_OF_DAY:
        base = ctx.anchor
        return _day_res(base, mod, PARTS_OF_DAY[unit]) if base else None
    base = ctx.anchor if unit in ("day", "week") else (ctx.last_date or ctx.anchor)
    if base is None:
        return None
    value = _unit_value(unit, base, 0)
    return Resolution("DATE", value, mod, anchor=base if unit == "day" else None) if value else None


def h_week_of(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the week of March 6': the ISO week containing that day."""
    month = _month(m["month"])
    if month is None:
        return None
    year = _pick_year(ctx, month, int(m["day"]))
    d = _date(year, month, int(m["day"])) if year else None
    return Resolution("DATE", tx.week(d)) if d else None


def h_rel_weekday(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'last Tuesday', 'next Monday', 'this coming Sunday': a weekday on the stated side of the reference."""
    wd = _weekday(m["weekday"])
    if wd is None:
        return None
    rel = _norm(m["rel"]).removeprefix("the ")
    base = ctx.anchor if rel in ("following", "previous") and ctx.anchor else ctx.ref
    diff = wd - base.weekday()
    if rel in ("last", "past", "previous", "this past"):
        delta = diff - 7 if diff >= 0 else diff
    elif rel in ("next", "coming", "following", "this coming"):
        delta = diff + 7 if diff <= 0 else diff
    elif rel in ("this", "same", "current"):
        delta = diff if _direction(ctx, 1) > 0 or diff == 0 else (diff - 7 if diff > 0 else diff)
        if _direction(ctx, 1) > 0 and diff < 0:
            delta = diff + 7
    else:
        return None
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    return _day_res(tx.add_days(base, delta), _mod(m, "mod"), pod)


def h_weekday(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'Friday', 'Friday night': the nearest such day, past unless the sentence looks ahead."""
    wd = _weekday(m["weekday"])
    if wd is None:
        return None
    diff = wd - ctx.ref.weekday()
    if diff == 0:
        delta = 0
    elif _AS_EARLY_AS.search(ctx.before(24)) or _direction(ctx, -1) > 0:
        delta = diff if diff > 0 else diff + 7
    else:
        delta = diff if diff < 0 else diff - 7
    # TimeBank mostly gives "Friday night" the value of the day itself (measured: T-suffixes lose 1 point).
    return _day_res(tx.add_days(ctx.ref, delta), _mod(m, "mod", "mod2"))


_UNIT_GRAN = {"day": "D", "night": "D", "week": "W", "weekend": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "E", "century": "C"}


def _shifted_value(unit: str, d: datetime.date) -> str | None:
    """Return the value of day d at the granularity of unit (two weeks ago -> a week value)."""
    if unit in ("day", "night"):
        return tx.day(d)
    if unit in ("week", "weekend"):
        return tx.week(d)
    if unit == "month":
        return tx.month(d.year, d.month)
    if unit == "quarter":
        return _qvalue(*_quarter_of(d))
    if unit in ("year", "decade", "century"):
        return tx.year(d.year)
    return None


def h_ago(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'two years ago', 'a day earlier', '[three days] later': a shifted date, or a duration for 'later'."""
    unit = _unit(m["unit"])
    direction = _norm(m["dir"])
    sign = -1 if direction in ("ago", "earlier", "before", "previously", "back") else 1
    if direction in ("before", "after") and not re.match(r"\s*[,.;:)]", ctx.after(3)):
        return None  # "two days after the vote" is a duration linked to an event
    if m["num"] is None:
        return Resolution("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    n = _num(m["num"])
    if n is None and sign > 0:
        return Resolution("DURATION", _duration(n, unit), _mod(m, "approx"), end=m.end("unit"))
    if unit in ("second", "minute", "hour"):
        return Resolution("DURATION", _duration(n, unit), _mod(m, "approx"))
    if n is None:
        return Resolution("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if direction in ("later", "after", "hence", "from now"):
        # TimeBank marks "[three days] later" as the duration, the word 'later' outside.
        return Resolution("DURATION", _duration(n, unit), _mod(m, "approx"), end=m.end("unit"))
    base = ctx.ref
    if direction in ("earlier", "before") and ctx.anchor and unit in ("day", "night", "week"):
        base = ctx.anchor
    if not float(n).is_integer():
        return None
    d = tx.shift_day(base, sign * int(n), _UNIT_GRAN.get(unit, "D"))
    if d is None:
        return None
    value = _shifted_value(unit, d)
    return Resolution("DATE", value, _mod(m, "approx"), anchor=d if unit == "day" else None) if value else None


_QUARTER_IN_SENTENCE = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter|\bquarter(?:ly)?\b", re.I)


_EARNINGS = re.compile(r"\$|\bcents?\b|\bnet\b|profit|revenue|\bsales\b|earnings|\bloss\b|income|a share", re.I)


def h_year_earlier(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'a year earlier', 'year-ago': last year, or last year's quarter when the text reports a quarter."""
    # In earnings reports "a year earlier" is the same quarter of the year before.
    sentence = ctx.sentences.sentence(ctx.start)
    qm = _QUARTER_IN_SENTENCE.search(sentence)
    if not qm and _EARNINGS.search(sentence):
        # An earnings comparison in a report about a quarter compares that quarter.
        qm = None
        for qm in _QUARTER_IN_SENTENCE.finditer(ctx.text, max(0, ctx.start - 2000), ctx.start):
            pass  # the latest mention before the expression
    if qm and not re.search(r"nine months|first half|six months|full year|for the year", sentence, re.I):
        if qm.group(1):
            q = _quarter_number(qm.group(1))
            cy, cq = _quarter_of(ctx.ref)
            y = cy if q <= cq else cy - 1
        else:
            y, q = _latest_quarter(ctx.ref)
        value = _qvalue(y - 1, q)
    else:
        value = tx.year(ctx.ref.year - 1)
    return Resolution("DATE", value) if value else None


class _Shifted:
    """A view of a match without the groups before `group` (re-reading a match from a later start)."""

    def __init__(self, m: re.Match[str], group: str) -> None:
        self._m, self._from = m, m.start(group)

    def __getitem__(self, name: str) -> str | None:
        return self._m[name] if self._m.start(name) >= self._from else None

    def groupdict(self) -> dict:
        return {k: self[k] for k in self._m.groupdict()}

    def group(self, n: int = 0) -> str:
        return self._m.string[self._from:self._m.end()]

    def start(self, name: str | int = 0) -> int:
        return self._from if name == 0 else self._m.start(name)

    def end(self, name: str | int = 0) -> int:
        return self._m.end(name)


_SET_LEFT = re.compile(r"(?:\d|%|percent|cents?|dollars?|times|tons?|barrels?|miles|hours|shifts|yen|marks|points?)\s*$", re.I)


def h_duration(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'40 years', 'the past two years', 'several months', 'a two-year': a duration (or 'the year', a rate)."""
    unit = _unit(m["unit"])
    if m["adj"] and m["adj"].lower() == "-old":
        return None
    if _norm(m["approx"]) in ("over", "under") and (m["det"] or m["drel"]):
        return None  # "over the weekend": 'over' is a preposition here, the expression starts after it
    if re.match(r"\s+old\b|-old\b", ctx.after(5)):
        return None
    num_text = _norm(m["num"])
    det = _norm(m["det"])
    drel = _norm(m["drel"])
    plural = m["unit"].lower().endswith("s") or unit in ("century", "millennium") and m["unit"].lower() != unit
    if unit == "second" and num_text in ("a", "an", "") and not plural:
        return None  # "a second summit" is an ordinal
    if unit == "second" and (m["num"] or "").lower() in ("a", "an"):
        return None
    if unit == "night" and not m["num"]:
        return None
    if drel == "last" and not det and m["num"] and re.search(r"(?:\b(?:will|would|could|can|may|might|should|must|to|did|does|do|not)|'ll|n't)\s+$", ctx.before(12), re.I):
        # "would last 40 years": 'last' is the verb, the expression is "40 years".
        res = h_duration(_Shifted(m, "num"), ctx)
        return Resolution(res.type, res.value, res.mod, start=m.start("num")) if res else None
    if unit == "quarter" and re.match(r"\s+of\b", ctx.after(5)) and (
        "-" in m.group(0) or (m["num"] or m["det"] or "").lower() in ("a", "one", "three")
    ):
        return None  # "three-quarters of its food", "a quarter of the vote" are fractions
    if m["num"] is None:
        if not drel and not det:
            if not plural or unit in ("second", "minute", "hour", "quarter", "weekend"):
                return None
            return Resolution("DURATION", _duration(None, unit))
        if not drel and det == "the":
            return _the_unit(unit, plural, m, ctx)
        if drel in ("next", "following", "previous", "preceding", "prior", "same", "ensuing", "subsequent", "succeeding") and not plural and det == "the":
            base = ctx.anchor or ctx.ref
            shift = {"next": 1, "following": 1, "ensuing": 1, "subsequent": 1, "succeeding": 1, "same": 0}.get(drel, -1)
            value = _unit_value(unit, base, shift)
            if value is None:
                return None
            return Resolution("DATE", value, anchor=tx.add_days(base, shift) if unit == "day" else None)
        if drel == "recent" and unit == "year" and plural:
            return Resolution("DATE", "PAST_REF")
        if drel in ("coming",) and plural and det != "the":
            return Resolution("DATE", "FUTURE_REF")
        if drel in ("first", "final", "initial", "current", "full", "entire", "whole", "remaining", "latest") and not plural and unit in ("day", "week", "month", "year", "quarter", "weekend"):
            if drel in ("full", "entire", "whole"):
                if unit == "year" and det == "the":
                    return Resolution("DATE", tx.year(ctx.ref.year))  # "for the full year" of an annual report
                return Resolution("DURATION", _duration(1, unit))
            return None
        n = None if plural else 1
    else:
        n = _num(m["num"])
        if n is not None and n == 1 and plural and num_text not in ("1", "one"):
            n = None
    if m["andhalf"] and n is not None:
        n += 0.5
    if n is not None and n > 5000:
        return None
    # "5% a year", "$2 a day": a rate, i.e. a set of times.
    if (num_text in ("a", "an") or det in ("a", "an") and not num_text) and not drel and not plural and _SET_LEFT.search(ctx.before(15)):
        return Resolution("SET", _duration(1, unit))
    value = _duration(n, unit)
    return Resolution("DURATION", value, _mod(m, "approx")) if value else None


def _the_unit(unit: str, plural: bool, m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the year', 'the week', 'the weekend': the calendar unit around the reference date."""
    if plural:
        return None
    if re.match(r"\s+(?:ended|ending|through|to\s+(?:date|\w+\s+\d))", ctx.after(20), re.I):
        return Resolution("DURATION", _duration(1, unit))  # "the year ended March 31": a fiscal year
    if unit == "year":
        return Resolution("DATE", tx.year(ctx.ref.year))
    if unit == "week":
        return Resolution("DATE", tx.week(ctx.ref))
    if unit == "month":
        return Resolution("DATE", tx.month(ctx.ref.year, ctx.ref.month))
    if unit == "weekend":
        # Early in the week 'the weekend' is usually the one just past.
        back = _direction(ctx, -1 if ctx.ref.weekday() <= 2 else 1) < 0 and ctx.ref.weekday() < 5
        d = tx.add_days(ctx.ref, -7) if back else ctx.ref
        return Resolution("DATE", tx.week(d) + "-WE") if d else None
    if unit == "decade":
        return Resolution("DURATION", "P10Y")
    return None


_PRESENT = {"now", "right now", "just now", "currently", "nowadays", "these days", "at present", "presently", "the moment", "current"}
_PAST = {"recently", "lately", "previously", "formerly", "recent", "the past"}
_FUTURE = {"the future", "the near future", "the distant future"}


def h_deictic(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'now', 'recently', 'the future', 'today', 'yesterday morning': present/past/future references and days."""
    word = _norm(m["deic"])
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    if word in ("today", "yesterday", "tomorrow", "tonight"):
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        if word == "tonight":
            pod = "NI"
        return _day_res(tx.add_days(ctx.ref, shift), None, pod)
    if word == "the moment" and not re.search(r"\b(?:at|for)\s+$", ctx.before(6), re.I):
        return None
    if m["deic"] == "Now" and ctx.after(1) == "," and ctx.sentences.span(ctx.start)[0] >= ctx.start - 3:
        return None  # sentence-opening "Now," is a discourse marker, not a time
    if word == "current" and re.match(r"\s+(?:account|accounts|affairs|events|assets|liabilities|ratio)\b", ctx.after(12), re.I):
        return None  # the current account is not a time
    if word == "future" and re.match(r"\s*(?:contracts?|prices?|markets?|s\b)", ctx.after(12), re.I):
        return None
    if word in _PRESENT:
        return Resolution("DATE", "PRESENT_REF")
    if word in _PAST:
        return Resolution("DATE", "PAST_REF")
    if word in _FUTURE:
        return Resolution("DATE", "FUTURE_REF")
    return None


def h_mod_deictic(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'late yesterday', 'early today': a day with a START/END mod."""
    word = _norm(m["deic"])
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    mod = "START" if m["mod"].lower().startswith("early") else "END"
    return _day_res(tx.add_days(ctx.ref, shift), mod, "NI" if word == "tonight" else None)


def h_pod(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'this morning', 'last night', 'the next morning', 'yesterday afternoon': a day and a part of it."""
    text = _norm(m.group(0))
    pod = PARTS_OF_DAY[m["pod"].lower()]
    rel = _norm(m["rel"]).removeprefix("the ")
    deic = _norm(m["deic"])
    if deic:
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[deic]
        return _day_res(tx.add_days(ctx.ref, shift), _mod(m, "mod"), pod)
    if rel in ("this", "current"):
        return _day_res(ctx.ref, _mod(m, "mod"), pod)
    if rel == "last":
        return _day_res(tx.add_days(ctx.ref, -1), _mod(m, "mod"), pod)  # "last night": the evening before
    if rel in ("next", "following"):
        return _day_res(tx.add_days(ctx.anchor or ctx.ref, 1), _mod(m, "mod"), pod)
    if rel in ("previous",):
        return _day_res(tx.add_days(ctx.anchor or ctx.ref, -1), _mod(m, "mod"), pod)
    if text.startswith(("the ", "late ", "early ")) or m["mod"]:
        if pod == "NI" and text.startswith("the "):
            return None
        mod = _mod(m, "mod") or ("END" if text.startswith("late") else "START" if text.startswith("early") else None)
        return _day_res(ctx.anchor or ctx.ref, mod, pod)
    return None


def _clock_day(m: re.Match[str], ctx: Context) -> datetime.date:
    """Return the day a clock time falls on: its own weekday or deictic, else the last named day."""
    month = _month(m.groupdict().get("month"))
    if month and m["day"]:
        year = _pick_year(ctx, month, int(m["day"]))
        d = _date(year, month, int(m["day"])) if year else None
        if d:
            return d
    wd = _weekday(m["weekday"])
    if wd is not None:
        diff = wd - ctx.ref.weekday()
        # "until 9 a.m. Tuesday": a deadline lies ahead.
        if diff and (_FUTURE_PREP.search(ctx.before(24)) or _direction(ctx, -1) > 0):
            diff = diff if diff > 0 else diff + 7
        elif diff:
            diff = diff if diff < 0 else diff - 7
        return tx.add_days(ctx.ref, diff) or ctx.ref
    words = ((m.groupdict().get("deic") or "") + (m.groupdict().get("pod") or "")).lower()
    for w, shift in (("yesterday", -1), ("tomorrow", 1), ("today", 0), ("tonight", 0)):
        if w in words:
            return tx.add_days(ctx.ref, shift) or ctx.ref
    # A bare clock time belongs to the day the narrative last named.
    return ctx.anchor or ctx.ref


def h_clock(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'3:30 p.m. EST', '9 a.m. Tuesday', 'seven o'clock': a time on the day it names or the narrative day."""
    if m["hh"]:
        h = int(m["hh"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        mi = int(m["mm"] or 0)
    elif m["hw"]:
        h = int(m["hw"]) if m["hw"].isdigit() else int(NUMBERS.get(m["hw"].lower(), 0))
        if not 1 <= h <= 12:
            return None
        mi = 0
        if m["pod"] and re.search("afternoon|evening|night", m["pod"], re.I) and h < 12:
            h += 12
    else:
        h, mi = int(m["h24"]), int(m["m24"])
    if m["pod"] and m["hh"] is None and m["hw"] is None:
        pass
    d = _clock_day(m, ctx)
    return Resolution("TIME", f"{tx.day(d)}T{h:02d}:{mi:02d}", _mod(m, "approx"), anchor=d)


def h_noon(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'noon', 'midnight Friday': 12:00 or 24:00 on the day named or the narrative day."""
    word = m["noon"].lower()
    d = _clock_day(m, ctx)
    return Resolution("TIME", f"{tx.day(d)}T{'24:00' if word == 'midnight' else '12:00'}", anchor=d)


def h_set(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'every Monday', 'each year', 'every other week': a set of times."""
    every = m["every"].lower()
    if every == "a":
        return None
    other = "other" in m.group(0).lower()
    if m["unit"]:
        unit = _unit(m["unit"])
        n = _num(m["snum"]) if m["snum"] else 1
        if unit == "second" and not m["snum"]:
            return None
        if n is not None and other:
            n *= 2
        if unit == "quarter":
            return Resolution("SET", f"P{_count(n)}Q")  # "every quarter": a set of quarters, not of 3 months
        return Resolution("SET", _duration(n, unit))
    if m["weekday"]:
        wd = _weekday(m["weekday"])
        return Resolution("SET", f"XXXX-WXX-{wd + 1}") if wd is not None else None
    if m["season"]:
        return Resolution("SET", f"XXXX-{SEASONS[m['season'].lower()]}")
    month = _month(m["month"])
    return Resolution("SET", f"XXXX-{month:02d}") if month else None


_ADV = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M", "bimonthly": "P2M",
        "yearly": "P1Y", "annually": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "semiannually": "P6M", "semi-annually": "P6M"}


def h_set_adv(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'daily', 'weekly', 'annually': a set of times (not 'the Party daily Granma')."""
    if re.match(r"\s+[A-Z]", ctx.after(3)):
        return None  # "the Communist Party daily Granma" is a newspaper
    if re.search(r"\baverage\s+$", ctx.before(9), re.I):
        return None  # "average daily volume" is a statistic
    return Resolution("SET", _ADV[m["adv"].lower()])


def h_set_times(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'twice a year', 'three times a week': a set of times."""
    return Resolution("SET", _duration(1, _unit(m["unit"])))


def _easter(y: int) -> datetime.date:
    """Return Western Easter Sunday of year y (anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * mm + 114) // 31
    day = (h + l - 7 * mm + 114) % 31 + 1
    return datetime.date(y, month, day)


def _nth_weekday(y: int, month: int, weekday: int, n: int) -> datetime.date:
    """Return the n-th (n=-1: last) given weekday of a month."""
    if n > 0:
        first = datetime.date(y, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = datetime.date(y, month, 28) + datetime.timedelta(days=4)
    last = last - datetime.timedelta(days=last.day)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, y: int) -> datetime.date | None:
    try:
        if name.startswith("christmas"):
            return datetime.date(y, 12, 24 if name.endswith("eve") else 25)
        if name.startswith("new year"):
            return datetime.date(y, 12, 31) if name.endswith("eve") else datetime.date(y, 1, 1)
        if name.startswith("thanksgiving"):
            return _nth_weekday(y, 11, 3, 4)
        if name.startswith("independence"):
            return datetime.date(y, 7, 4)
        if name.startswith("valentine"):
            return datetime.date(y, 2, 14)
        if name == "halloween":
            return datetime.date(y, 10, 31)
        if name.startswith("easter"):
            return _easter(y)
        if name.startswith("labor"):
            return _nth_weekday(y, 9, 0, 1)
        if name.startswith("memorial"):
            return _nth_weekday(y, 5, 0, -1)
        if name.startswith("election"):
            # US federal elections: the Tuesday after the first Monday of November.
            return _nth_weekday(y, 11, 0, 1) + datetime.timedelta(days=1)
        if name.startswith("boxing"):
            return datetime.date(y, 12, 26)
    except (ValueError, OverflowError):
        return None
    return None


def h_holiday(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'Christmas', 'Thanksgiving Day', 'Election Day 1998': a holiday in the nearest fitting year."""
    name = _norm(m["holiday"]).replace("'", "")
    if not m["holiday"][0].isupper():
        return None
    if m["year"]:
        y = _year(m["year"], ctx.ref)
        d = _holiday(name, y) if y else None
        return _holiday_week(_day_res(d), m)
    d = _holiday(name, ctx.ref.year)
    if d is None:
        return None
    # Like a month and day without a year: nearest occurrence, the tense's side preferred.
    year = _pick_year(ctx, d.month, d.day)
    res = _day_res(_holiday(name, year) if year else None)
    return _holiday_week(res, m)


def _holiday_week(res: Resolution | None, m: re.Match[str]) -> Resolution | None:
    """'Easter week', 'Thanksgiving week': the ISO week holding the holiday (TimeBank: 2000-W16)."""
    if res is None or not m["hweek"] or res.anchor is None:
        return res
    return Resolution("DATE", tx.week(res.anchor))


def _word_year(text: str) -> int | None:
    """Return the year of 'nineteen ninety-four' or 'two thousand one'."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w != "and"]
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(NUMBERS.get(w, 0) for w in words[2:])
    if words and words[0] in ("nineteen", "twenty"):
        return int(NUMBERS[words[0]]) * 100 + sum(int(NUMBERS.get(w, 0)) for w in words[1:])
    return None


def h_word_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'nineteen ninety-four', 'the year two thousand': a year in words."""
    text = _norm(m.group(0))
    words = re.split(r"[\s-]+", _norm(m["wy"]))
    if _NOT_YEAR_AFTER.match(ctx.after(30)):
        return None  # "two thousand people"
    if words[:2] == ["two", "thousand"]:
        if not text.startswith("the year") and not re.search(r"\b(?:in|by|until|since)\s+$", ctx.before(8), re.I):
            return None
        rest = [w for w in words[2:] if w != "and"]
        y = 2000 + sum(NUMBERS.get(w, 0) for w in rest)
    else:
        y = NUMBERS[words[0]] * 100 + sum(NUMBERS.get(w, 0) for w in words[1:])
    return Resolution("DATE", tx.year(y))


HANDLERS: dict[str, Handler] = {name[2:]: fn for name, fn in globals().items() if name.startswith("h_")}
