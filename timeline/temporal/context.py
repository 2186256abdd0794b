"""Sentence context of an expression: the sentence it sits in and the tense that decides direction."""
from __future__ import annotations

import bisect
import re

# Sentence ends: . ! ? followed by space and an upper-case letter or quote, or a blank line.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“])")

_FUTURE = {
    "will", "won't", "wo", "'ll", "shall", "would", "going", "plans", "plan", "planning",
    "scheduled", "expected", "expects", "expect", "intends", "intend", "due", "upcoming", "hopes", "hope",
    "likely", "wants", "aims", "next", "tomorrow", "coming", "soon", "tonight",
}
# Modals that say nothing about time ("could be located Wednesday" is about the past).
_NEUTRAL = {"could", "might", "may", "should", "must", "can", "until"}
_PAST = {
    "said", "was", "were", "had", "did", "told", "met", "made", "went", "came", "took", "gave", "began",
    "left", "saw", "got", "won", "lost", "ran", "fell", "rose", "sold", "bought", "spent", "paid", "sent",
    "brought", "thought", "found", "kept", "became", "wrote", "spoke", "broke", "flew", "knew", "grew",
    "led", "meant", "held", "ago", "last", "yesterday", "earlier", "closed", "ended", "posted", "reported",
    "announced", "agreed", "killed", "died", "struck", "hit", "quit", "shut", "cut", "stood", "sought",
    "fought", "caught", "taught", "won", "drew", "threw", "wore", "ate", "slid", "dropped", "jumped",
    "set",  # "when Albright set aside vacation plans"; "is set to"/"set for" are caught as arrangements first
}
# Past forms that are never participles after "be" ("would be held" is not past).
_PAST_ONLY = {"said", "was", "were", "had", "did", "ago", "last", "yesterday", "earlier", "told", "went", "came",
              "took", "gave", "began", "saw", "knew", "grew", "flew", "wrote", "spoke", "broke", "drew", "threw",
              "wore", "ate", "rose", "fell", "ran", "became"}
# Words in -ed that are no past tense ("United" is skipped anyway: capitalised words are names).
_NOT_PAST_ED = {"indeed", "hundred", "proceed", "succeed", "exceed", "speed", "breed", "embed", "naked", "wicked",
                "sacred", "kindred", "rugged", "beloved", "alleged", "supposed", "so-called"}
# Present-tense verbs of arrangement: news uses the simple present for what is on the calendar
# ("Arafat and Albright meet Monday", "the trial begins Tuesday"), never for what is reported as done.
_SCHEDULE_PRESENT = {
    "meet", "meets", "begin", "begins", "start", "starts", "open", "opens", "resume", "resumes", "convene",
    "convenes", "arrive", "arrives", "depart", "departs", "leave", "leaves", "visit", "visits", "travel",
    "travels", "return", "returns", "vote", "votes", "expire", "expires", "kick", "kicks", "host", "hosts",
    "face", "faces", "reconvene", "reconvenes", "testify", "testifies", "debate", "debates",
}
# Before a present verb these make it no schedule: "refused to meet Monday", "did not meet Monday".
_SCHEDULE_BLOCK = {"to", "did", "didn't", "not", "never", "n't", "could", "would", "might", "should", "must", "can"}
# Arrangement words that, after a past perfect, report a plan that has lapsed ("had been due to expire Friday").
_LAPSED = re.compile(r"\bhad\s+(?:been\s+)?(?:\w+ly\s+)?(?:been\s+)?$", re.I)
_DETERMINERS = {"a", "an", "the", "still", "very", "newly", "recently", "previously", "its", "their", "his", "her",
                "our", "this", "that", "these", "those", "long", "well", "much", "fully", "highly", "widely"}
# Words that make a following -ed form a participle, not a past tense (would be held, has been signed).
_AUX = {"be", "been", "being", "is", "are", "am", "to", "get", "gets", "getting"}
_WORD = re.compile(r"[A-Za-z']+")
# "is to resume trading Tuesday", "set to meet Monday": an infinitive of arrangement points ahead.
_AHEAD = re.compile(r"\b(?:ahead\s+of|in\s+time\s+for|in\s+preparation\s+for)\s+(?:the\s+)?$", re.I)
_GOING_TO = re.compile(
    r"\b(?:is|are|am|set|due|scheduled|expected|planned|plans|plan|planning|going|ready|about|agreed|decided|hopes?)"
    r"\s+to\s+\w+(?:\s+[\w,.'-]+){0,5}\s*(?:on\s+)?$",
    re.I,
)


class Sentences:
    """Sentence boundaries of one text, found once, looked up by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]

    def span(self, pos: int) -> tuple[int, int]:
        """Return (start, end) of the sentence containing offset pos."""
        i = bisect.bisect_right(self.starts, pos) - 1
        start = self.starts[i]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        # Bound very long "sentences" (tables, lists) so tense look-up stays local and cheap.
        return max(start, pos - 300), min(end, pos + 300)

    def tense(self, start: int, end: int) -> str | None:
        """Return 'future', 'past' or None for the expression at [start, end), from nearby verbs."""
        s_start, s_end = self.span(start)
        going = _GOING_TO.search(self.text, max(s_start, start - 60), start)
        if going and _LAPSED.search(self.text, max(s_start, going.start() - 30), going.start()):
            return "past"  # "had been due to expire Friday": the pluperfect reports a plan of the past
        if going or _AHEAD.search(self.text, max(s_start, start - 30), start):
            return "future"
        before = _WORD.findall(self.text[s_start:start])[-10:]
        after = _WORD.findall(self.text[end:s_end])[:10]
        if self.text.startswith("'s", end):
            # "Wednesday's ruling": a possessive names a past event unless a cue right before says otherwise.
            near = _cue(list(reversed(before[-3:])), backwards=True)
            return near or "past"
        return _cue(list(reversed(before)), backwards=True) or _cue(after, backwards=False)

    def sentence(self, pos: int) -> str:
        """Return the text of the sentence containing pos."""
        s, e = self.span(pos)
        return self.text[s:e]


def _cue(words: list[str], backwards: bool) -> str | None:
    """Return the tense of the first decisive cue word in words (nearest first)."""
    for i, w in enumerate(words):
        lw = w.lower()
        if lw.endswith("'ll"):
            return "future"
        if lw in _NEUTRAL:
            continue
        if lw == "next" and (words[i - 1].lower() if backwards and i else (words[i + 1].lower() if not backwards and i + 1 < len(words) else "")) == "to":
            continue  # "next to the embassy" is a place, not a time
        if lw in _FUTURE:
            if lw in ("due", "scheduled", "expected", "planned") and backwards and "had" in (x.lower() for x in words[i + 1:i + 4]):
                return "past"  # "had been scheduled for Friday": a lapsed plan
            return "future"
        if backwards and lw in _SCHEDULE_PRESENT and w[0].islower():
            prev = words[i + 1].lower() if i + 1 < len(words) else ""
            # After a determiner the word is a noun: "after the vote Tuesday", "his return Monday".
            noun = prev in _DETERMINERS or prev in ("my", "your", "s", "first", "last", "next") or prev.endswith("'s")
            if not noun and prev not in _SCHEDULE_BLOCK and prev not in _AUX and not (i + 2 < len(words) and words[i + 2].lower() in _SCHEDULE_BLOCK):
                return "future"
            continue
        if lw in _PAST and lw in _PAST_ONLY:
            return "past"
        if lw in _PAST or len(lw) > 4 and lw.endswith("ed") and w[0].islower() and lw not in _NOT_PAST_ED:
            # In reverse order the auxiliary comes after the participle in the list.
            prev = words[i + 1].lower() if backwards and i + 1 < len(words) else (words[i - 1].lower() if not backwards and i else "")
            if prev in _DETERMINERS:
                continue  # "a still unspecified date", "the proposed merger": an adjective
            if prev in _AUX or prev in ("has", "have"):
                # "to be published in November", "will be held": the infinitive or modal decides.
                if backwards and prev == "be" and i + 2 < len(words) and words[i + 2].lower() in ("to", "will", "would", "'ll"):
                    return "future"
                continue
            return "past"
        if lw in ("has", "have", "since"):
            return "past"  # the perfect and 'since' look back: "have been searching since the Oct. 23 slaying"
        if lw in ("says", "say", "is", "are"):
            return "present"
    return None
