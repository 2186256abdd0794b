"""The recogniser: named token patterns combined into expression rules and one master regex.

Every rule is a regular expression over the text with named groups that the
resolver reads.  The master regex finds the next place where an expression may
start (up to five prefix words before a head word such as a month, a unit or a
weekday); there the rules that can begin with that character are tried and the
tagger keeps the longest match its handler accepts.  Patterns use bounded
repetition only, so matching stays linear in the length of the text.
"""
from __future__ import annotations

import re


def _alt(*words: str) -> str:
    """Return an alternation of words, longest first so that the regex prefers full words."""
    return "|".join(sorted(words, key=len, reverse=True))


ONES = _alt("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = _alt("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = _alt("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# A count: digits, number words, or a vague quantity ("several"), which TIMEX3 writes as X.
NUM = (
    r"(?P<num>\d{1,4}(?:\.\d{1,2}|\s+1/2|-1/2)?(?![\d/])"
    rf"|(?:{TENS})(?:[- ](?:{ONES}))?|{TEENS}|{ONES}"
    r"|(?:a|one|two|three|several|a\s+few)\s+hundred|(?:a|one|two|three|several)\s+thousand"
    r"|a\s+few|(?:a\s+)?couple\s+of|a\s+couple|a\s+dozen|dozens\s+of|hundreds\s+of|thousands\s+of"
    r"|several|few|many|some|a|an|half\s+an?|a\s+half|one\s+and\s+a\s+half)"
)

UNIT = (
    r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weekends?|weeks?|months?|quarters?|years?"
    r"|decades?|century|centuries|millennium|millennia)"
)

MONTH = (
    r"(?P<month>(?:january|february|march|april|may|june|july|august|september|october|november|december)(?![\w])"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.|(?:jan|feb|aug|sept|oct|nov|dec)(?=\s*\d))"
)

WEEKDAY = (
    r"(?P<weekday>(?:mon|tues|wednes|thurs|fri|satur|sun)day(?![\w])"
    r"|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.)"
)

# "March eighth" in broadcast transcripts.
DAY_WORDS = "|".join(
    [f"(?:twenty|thirty)[\\s-]+{w}" for w in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")]
    + ["thirtieth", "twentieth", "nineteenth", "eighteenth", "seventeenth", "sixteenth", "fifteenth", "fourteenth",
       "thirteenth", "twelfth", "eleventh", "tenth", "ninth", "eighth", "seventh", "sixth", "fifth", "fourth", "third",
       "second", "first"]
)
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = (
    r"(?P<year>1\d{3}|20\d\d|'\d\d"
    rf"|nineteen[\s-]+(?:{TENS})(?:[\s-]+(?:{ONES}))?|nineteen[\s-]+(?:{TEENS})|two\s+thousand(?:\s+(?:and\s+)?(?:{ONES}|{TEENS}))?"
    r")(?![\d,.]\d|%)"
)
ORDINAL = r"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"
PART_OF_DAY = r"(?P<pod>morning|afternoon|evening|night)"

# Where in a period: "late February", "the end of 1990", "earlier this month".
MOD = (
    r"(?P<mod>(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn|dawn"
    r"|latter\s+part|early\s+part|later\s+part|first\s+part)\s+of(?:\s+the)?"
    r"|(?:the\s+)?(?:early|late|mid|middle)(?:\s+part\s+of)?|mid)(?:\s+|-)"
)
# How precise a quantity is: "about three weeks", "more than 40 years".
APPROX = (
    r"(?P<approx>about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|not\s+more\s+than|over|under|up\s+to"
    r"|just\s+over|just\s+under|well\s+over|as\s+many\s+as|as\s+long\s+as|upwards\s+of|close\s+to"
    r"|the\s+better\s+part\s+of|the\s+last|the\s+past|the\s+next)\s+"
)
REL = r"(?P<rel>last|next|this|coming|past|previous|following|current|same|that|this\s+past|this\s+coming|the\s+following|the\s+previous|the\s+next|the\s+same|the\s+coming|the\s+past|the\s+last|the\s+current)"

TZ = r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time|Eastern\s+time))?"

RULES: list[tuple[str, str]] = [
    ("iso", r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?(?![\d])"),
    ("slash", r"(?<![\d/.])(?P<m>3[01]|[12]\d|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4}|\d\d)(?![\d/])"),
    ("iso_slash", r"(?P<y>(?:1[6-9]|20)\d\d)/(?P<m>1[0-2]|0[1-9])/(?P<d>3[01]|[12]\d|0[1-9])(?![\d/])"),
    ("month_day", rf"(?:{APPROX})?(?:{MOD})?(?:{WEEKDAY},?\s+)?{MONTH}\s*(?:{DAY}|(?P<dayw>{DAY_WORDS}))(?:\s*,?\s*{YEAR})?"),
    ("day_month", rf"(?:{APPROX})?(?:{WEEKDAY},?\s+)?{DAY}(?:\s+of)?\s+{MONTH}(?:\s*,?\s*{YEAR})?"),
    ("month", rf"(?:{APPROX})?(?:{MOD})?{MONTH}(?:\s*,?\s*(?:of\s+)?{YEAR}|\s+(?:of\s+)?(?P<yrel>last|next|this)\s+year)?"),
    ("rel_month", rf"(?:{MOD})?{REL}\s+{MONTH}(?:\s*{DAY})?"),
    ("year", rf"(?:{APPROX})?(?:{MOD})?(?:(?P<fiscal>(?:the\s+)?(?:fiscal|calendar|model)(?:\s+year)?|FY|the\s+year)[\s-]*)?{YEAR}(?:\s+(?P<orlater>or\s+(?:later|earlier|before|after)))?"),
    ("decade", rf"(?:{MOD})?(?:the\s+)?(?:(?P<mod2>early|late|mid|middle)[\s-]+)?(?:(?P<dyear>1\d\d0|20\d0)'?s|'(?P<dyy>\d0)'?s|(?P<dword>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"),
    ("century", rf"(?:{MOD})?(?:the\s+)?(?:(?P<mod2>early|late|mid)[\s-]+)?(?P<cent>\d{{1,2}}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[\s-]+first)[\s-]+century"),
    ("this_century", rf"(?:{MOD})?{REL}\s+(?P<unit>century|decade|millennium)"),
    ("season", rf"(?:{MOD})?(?:(?:{REL}|the)\s+)?(?:(?P<mod2>early|late|mid)[\s-]?)?{SEASON}(?:\s*(?:of\s+)?{YEAR})?"),
    ("quarter", rf"(?:the\s+)?(?:{YEAR}(?:'s)?\s+|(?P<qrel>year-earlier|year-ago|this\s+year's|last\s+year's|next\s+year's|latest|comparable|same)\s+)?(?P<fiscal>(?:fiscal|calendar)[\s-]+)?{ORDINAL}[\s-]+(?:(?:fiscal|calendar)[\s-]+)?(?:quarter|qtr\.?)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year2>1\d{{3}}|20\d\d)(?!\d))?"),
    ("q_code", r"(?P<qh>Q[1-4]|H[12])(?:\s*[-/]?\s*(?P<year>(?:19|20)\d\d|'\d\d))?"),
    ("quarter_rel", rf"(?:the\s+)?(?:{YEAR}\s+)?(?:(?P<qrel>latest|last|this|current|next|previous|past|same|year-earlier|year-ago|comparable|recent|most\s+recent|fiscal|year\s+earlier|latest\s+fiscal|fourth-quarter|just-ended|just\s+ended|recently\s+ended)[\s-]+)?(?:quarter|period)(?P<qago>\s+a\s+year\s+(?:ago|earlier))?"),
    ("half", rf"(?:the\s+)?(?P<ord>first|second|last|latter)\s+half(?:\s+of\s+(?:{YEAR}|(?P<hrel>this|last|next|the)\s+year))?"),
    ("rel_unit", rf"(?:{MOD}|(?P<mod3>earlier|later)\s+)?{REL}\s+(?P<unit>week|weekend|month|year|fiscal\s+year)"),
    ("day_tail", r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d)"),
    ("fiscal_year", r"(?:the|its)\s+(?:(?P<frel>latest|previous|prior|current|new|coming|last|next)\s+)?fiscal\s+year"),
    ("the_unit_mod", rf"{MOD}(?P<unit>week|month|year|decade|century)"),
    ("year_end", r"(?:(?P<approx>around|about|by)\s+)?(?:the\s+)?(?P<unit>year|month)(?:'s)?[\s-]end"),
    ("that_unit", r"(?:(?P<mod3>earlier|later|late|early)\s+)?(?:that|the\s+same)\s+(?P<unit>day|week|month|quarter|year|morning|afternoon|evening|night)"),
    ("week_of", rf"the\s+week\s+of\s+{MONTH}\s*{DAY}"),
    ("rel_weekday", rf"(?:{MOD})?{REL}\s+{WEEKDAY}(?:\s+{PART_OF_DAY})?"),
    ("year_earlier", r"(?P<yago>year-earlier|year-ago|a\s+year\s+earlier|a\s+year\s+ago|year\s+earlier)"),
    ("ago", rf"(?:{APPROX})?(?:{NUM}[\s-]+)?(?:(?:more|other)\s+)?{UNIT}(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|before|after|previously|back)"),
    ("duration", rf"(?:{APPROX})?(?:(?P<det>the|a|each\s+of\s+the|all)\s+)?(?:(?P<drel>past|last|next|previous|coming|following|first|final|latest|full|entire|whole|remaining|same|initial|current|preceding|recent|ensuing|subsequent|succeeding|prior|year-earlier|year-ago|comparable)\s+)?(?:{NUM}[\s-]+)?(?:(?P<more>more|additional|straight|consecutive|full|whole|long|trading|business|working|calendar|-)\s+)?{UNIT}(?P<andhalf>\s+and\s+a\s+half)?(?P<adj>-long|-old)?"),
    ("deictic", r"(?P<deic>now|currently|recently|nowadays|lately|current|the\s+past|the\s+(?:near\s+|distant\s+)?future|these\s+days|at\s+present|presently|today|tonight|yesterday|tomorrow)(?:\s+(?P<pod>morning|afternoon|evening|night))?"),
    ("vague_future", r"(?P<vf>the\s+(?:near|short|long)\s+term|a\s+later\s+date)"),
    ("mod_deictic", rf"(?P<mod>late|early)\s+(?P<deic>today|yesterday|tomorrow|tonight)"),
    ("pod", rf"(?:{MOD})?(?:{REL}\s+|the\s+|late\s+|early\s+)?(?P<pod>morning|afternoon|evening|night)(?:\s+(?P<deic>yesterday|today|tomorrow))?"),
    ("weekday", rf"(?:{MOD})?(?:(?P<mod2>early|late)\s+)?{WEEKDAY}(?:,?\s+{PART_OF_DAY})?"),
    ("clock", rf"(?:{APPROX})?(?:(?P<hh>1[0-2]|0?[1-9])(?:[:.](?P<mm>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.?|[ap]m(?![\w]))|(?P<hw>{ONES}|ten|eleven|twelve|\d{{1,2}})(?:\s+o'clock|(?=\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)))|(?P<h24>[01]\d|2[0-3]):(?P<m24>[0-5]\d)(?P<tzreq>\s+(?:[ECMP][SD]T|GMT|UTC)))(?:{TZ})?(?:\s+(?P<pod>in\s+the\s+(?:morning|afternoon|evening)|at\s+night|tonight|today|yesterday))?(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|{MONTH}\s*{DAY}))?"),
    ("noon", rf"(?P<noon>noon|midnight|midday)(?:,?\s+(?:on\s+)?{WEEKDAY}|\s+(?P<deic>today|yesterday|tomorrow))?"),
    ("set", rf"(?P<every>every|each|per|a)\s+(?:other\s+)?(?:(?P<snum>{ONES}|\d{{1,3}}|few)\s+)?(?:{UNIT}|{WEEKDAY}|{SEASON}|{MONTH})"),
    ("set_adv", r"(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|semiannually|semi-annually|bimonthly)"),
    ("set_times", rf"(?P<times>once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|per|each|every)\s+{UNIT}"),
    ("holiday", rf"(?P<holiday>christmas(?:\s+(?:day|eve))?|new\s+year'?s(?:\s+(?:day|eve))?|thanksgiving(?:\s+day)?|independence\s+day|valentine'?s\s+day|halloween|easter(?:\s+sunday)?|labor\s+day|memorial\s+day|boxing\s+day|election\s+day)(?P<hweek>\s+week(?!s))?(?:\s*,?\s*{YEAR})?"),
    ("word_year", rf"(?:the\s+year\s+)?(?P<wy>(?:nineteen|twenty)[\s-]+(?:{TENS})(?:[\s-]+(?:{ONES}))?|(?:nineteen|twenty)[\s-]+(?:{TEENS})|two\s+thousand(?:\s+(?:and\s+)?(?:{ONES}|{TEENS}))?)"),
]

FLAGS = 0


def _caseless(pattern: str) -> str:
    """Rewrite pattern so every letter matches both cases ([fF]riday) without re.IGNORECASE.

    Same language as IGNORECASE for ASCII words, but sre can then skip a failing
    alternative by its first character class, which makes the big word
    alternations several times faster.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
                out.append(c)
            elif c.isascii() and c.isalpha() and pattern[i + 1:i + 2] == "-" and pattern[i + 2:i + 3].isalpha():
                lo, hi = c, pattern[i + 2]
                out.append(f"{lo.lower()}-{hi.lower()}{lo.upper()}-{hi.upper()}")
                i += 3
                continue
            elif c.isascii() and c.isalpha():
                out.append(c.lower() + c.upper())
            else:
                out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            i += 1
            continue
        if c == "(" and pattern.startswith("(?P<", i):
            j = pattern.index(">", i)
            out.append(pattern[i:j + 1])
            i = j + 1
            continue
        if c == "(" and pattern.startswith("(?", i):
            # (?: (?! (?= (?<! (?<= keep their syntax letters-free; copy the opener as is.
            j = i + 2
            while j < n and pattern[j] in "<!=:":
                j += 1
            out.append(pattern[i:j])
            i = j
            continue
        if c.isascii() and c.isalpha():
            out.append(f"[{c.lower()}{c.upper()}]")
        else:
            out.append(c)
        i += 1
    return "".join(out)

COMPILED: list[tuple[str, re.Pattern[str]]] = [
    # An expression does not end inside a word or a hyphenated compound ("the [year-earlier] period").
    (name, re.compile(_caseless(rf"(?<![\w$£€]){pattern}(?![\w]|-[a-z])"), FLAGS)) for name, pattern in RULES
]

# The master regex only has to find where a rule may start, so its groups are anonymous.
def _trie(words: list[str]) -> str:
    """Return a regex matching exactly the words, factored by common prefixes (fewer branches to try)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(tree)


def _cased(words: str) -> str:
    """Return a trie regex of words in lower and title case (case-sensitive, so sre can skip fast)."""
    variants = {v for w in words.split() for v in (w, w[:1].upper() + w[1:])}
    return _trie(sorted(variants))


# Words an expression may start with before its head word ("about the past two [years]").
_PREFIX_WORDS = _cased(
    "the a an its this that last next coming past previous following current same recent early earlier late later "
    "mid middle end beginning start close turn dawn of first second third fourth final half part latter very about "
    "around approximately roughly nearly almost some more than less fewer at least most no not over under up to just "
    "well as many long upwards better fiscal calendar model fy year each every per other all few several dozen dozens "
    "hundreds thousands hundred thousand couple and or one two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety year-earlier year-ago latest comparable once twice times 1st 2nd 3rd 4th additional straight consecutive "
    "full entire whole remaining initial preceding ensuing subsequent succeeding prior each the year's trading "
    "business working calendar near distant short"
)
# Words every expression contains: the master regex stops at the first of them.
_HEAD_WORDS = _cased(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu "
    "thur thurs fri sat sun second seconds minute minutes hour hours day days night nights week weeks weekend "
    "weekends month months quarter quarters qtr period year years decade decades century centuries millennium "
    "millennia spring summer fall autumn winter now currently recently nowadays lately current past future these "
    "present presently today tonight yesterday tomorrow morning afternoon evening noon midnight midday daily "
    "weekly monthly yearly annually hourly nightly biweekly semiannually semi-annually bimonthly christmas new "
    "thanksgiving independence valentine valentines halloween easter labor memorial boxing election twenties thirties "
    "forties fifties sixties seventies eighties nineties nineteen twenty two half year-earlier year-ago o'clock "
    "term date"
)
# Over-approximates where a rule can start; every candidate is then checked by the rules themselves.
MASTER = re.compile(
    rf"(?<![\w$£€])(?:(?:{_PREFIX_WORDS}|\d[\d.,:/]{{0,11}}(?:st|nd|rd|th|s)?)(?:[\s,-]+|(?<=-)|\.\s*)){{0,5}}"
    rf"(?:(?:{_HEAD_WORDS})(?![\w])|\d|'\d|[QH][1-4]\b)"
)


def _first_chars(pattern: str) -> set[str] | None:
    """Return the lower-case characters a match of pattern can start with, or None for 'any'."""
    from re import _parser  # the stdlib's own regex parser, only to index rules by first character

    any_ = object()

    def seq(items) -> tuple[set, bool]:
        out: set = set()
        for op, av in items:
            first, nullable = item(op, av)
            if first is any_:
                return any_, False
            out |= first
            if not nullable:
                return out, False
        return out, True

    def item(op, av):
        name = str(op)
        if name == "LITERAL":
            return {chr(av).lower()}, False
        if name == "IN":
            chars: set = set()
            for iop, iav in av:
                iname = str(iop)
                if iname == "LITERAL":
                    chars.add(chr(iav).lower())
                elif iname == "RANGE" and iav[1] - iav[0] < 300:
                    chars |= {chr(c).lower() for c in range(iav[0], iav[1] + 1)}
                elif iname == "CATEGORY" and str(iav) == "CATEGORY_DIGIT":
                    chars |= set("0123456789")
                elif iname == "CATEGORY" and str(iav) == "CATEGORY_SPACE":
                    chars |= set(" \t\n\r\f\v")
                else:
                    return any_, False
            return chars, False
        if name == "BRANCH":
            out, nullable = set(), False
            for sub in av[1]:
                first, n = seq(sub)
                if first is any_:
                    return any_, False
                out |= first
                nullable = nullable or n
            return out, nullable
        if name in ("SUBPATTERN", "ATOMIC_GROUP"):
            return seq(av[-1] if name == "SUBPATTERN" else av)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            first, nullable = seq(av[2])
            return first, nullable or av[0] == 0
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            return set(), True
        return any_, False

    try:
        first, _ = seq(_parser.parse(_caseless(pattern), FLAGS))
    except Exception:  # an unexpected construct only costs speed: try the rule everywhere
        return None
    return None if first is any_ else first


def _index_rules() -> tuple[dict[str, list[int]], list[int]]:
    """Map each possible first character to the rules that can start with it."""
    by_char: dict[str, list[int]] = {}
    everywhere: list[int] = []
    for i, (_, pattern) in enumerate(RULES):
        chars = _first_chars(pattern)
        if chars is None:
            everywhere.append(i)
            continue
        for ch in chars:
            by_char.setdefault(ch, []).append(i)
    for ch, rules in by_char.items():
        by_char[ch] = sorted(set(rules) | set(everywhere))
    return by_char, everywhere


RULES_BY_FIRST_CHAR, RULES_ANYWHERE = _index_rules()


def rules_at(text: str, pos: int) -> list[tuple[str, re.Pattern[str]]]:
    """Return the compiled rules that can match at pos, judged by its first character."""
    indices = RULES_BY_FIRST_CHAR.get(text[pos].lower(), RULES_ANYWHERE)
    return [COMPILED[i] for i in indices]
