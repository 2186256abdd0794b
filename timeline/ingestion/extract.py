"""Time expressions + sentences + gazetteer -> mention drafts, each maybe with a candidate event.

Pure Python (no database): services.py persists the drafts and merges the candidates.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from . import cues as C
from .gazetteer import Entry, Gazetteer, Match
from .labels import date_label
from .sentences import Sentence, sentence_span

SUMMARY_CHARS = 300
PRECISIONS = {"day", "week", "month", "quarter", "season", "half-year", "year", "decade", "century"}
PLACE_REACH = 40
# Values that name no point on the calendar.
_GENERIC_VALUES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
_TWO_LEADERS = re.compile(r"\b(?:the two|both) (?:leaders|men|sides|presidents)\b|\btheir\b", re.I)


@dataclass
class Candidate:
    """An event suggested by one mention, before merging."""

    kind: str
    modality: str
    earliest: datetime.date
    latest: datetime.date
    precision: str
    mod: str
    label: str
    title: str
    summary: str
    actors: list[Entry] = field(default_factory=list)
    place: Entry | None = None
    topics: list[Entry] = field(default_factory=list)

    @property
    def actor_ids(self) -> set[int]:
        return {a.pk for a in self.actors}


@dataclass
class MentionDraft:
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    expression: str
    sentence: str
    timex_type: str
    value: str
    mod: str
    earliest: datetime.date | None
    latest: datetime.date | None
    precision: str
    candidate: Candidate | None = None


def anchors_event(timex) -> bool:
    """DATE/TIME with a resolved calendar range; not durations, sets, generic or century-wide references."""
    if timex.type not in {"DATE", "TIME"}:
        return False
    if not timex.earliest or not timex.latest or timex.value in _GENERIC_VALUES or "X" in (timex.value or ""):
        return False
    if timex.earliest > timex.latest or (timex.precision and timex.precision not in PRECISIONS):
        return False  # a malformed range would break the event's ordering constraint
    return timex.precision != "century"


def trim_summary(sentence: str, limit: int = SUMMARY_CHARS) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(",;:–- ") + "…"


def _join(names: list[str]) -> str:
    return "–".join(names)


def _object_after(sentence: str, cue: C.Cue) -> str | None:
    """Head noun of what is to be achieved: 'hoped to achieve "major disarmament" by' -> 'disarmament'."""
    tail = sentence[cue.end : cue.end + 80]
    if cue.text.lower() in {"by the end of", "deadline", "target", "targets", "targeted", "goal"}:
        tail = sentence[max(0, cue.start - 80) : cue.start]
        m = re.search(r"(?:achieve|reach|complete|finish|secure)\s+[\"“‘']?([\w\s-]{2,40}?)[\"”’']?\s*$", tail, re.I)
    else:
        m = re.match(r"\s*[\"“‘']?([\w\s-]{2,40}?)[\"”’']?(?=\s+(?:by|before|in|on|within|at)\b|[,.;])", tail)
    if not m:
        return None
    words = [w for w in m.group(1).split() if w.lower() not in {"a", "an", "the", "its", "their", "his", "her"}]
    return words[-1] if words else None


def build_title(
    *, kind: str, modality: str, actors: list[Entry], place: Entry | None, ordinal: str | None,
    topics: list[Entry], deadline_object: str | None, document: str | None = None,
) -> str:
    names = [a.short for a in actors]
    who = _join(names)
    where = f" in {place.name}" if place else ""
    if kind == "summit":
        title = f"{who} summit".strip() + where
        if ordinal and not place:
            title = f"{ordinal} {title}"
    elif kind == "talks":
        title = f"{who} talks".strip() + where
    elif kind == "visit":
        title = f"{who} visit".strip() + (f" to {place.name}" if place else "")
    elif kind == "letter":
        if len(actors) >= 2:
            title = f"{actors[0].short} letter to {actors[1].short}"
        else:
            title = f"{who} letter".strip()
    elif kind == "statement":
        title = f"{who} statement".strip()
    elif kind == "agreement":
        title = document or (f"{who} agreement".strip() + where)
    elif kind == "test":
        missiles = any(t.name.lower().startswith("missile") for t in topics)
        title = f"{who} {'missile ' if missiles else ''}test".strip() + where
    elif kind == "sanctions":
        title = f"{who} sanctions".strip()
    elif kind == "deadline":
        if deadline_object:
            title = f"{deadline_object} {'target' if modality == 'target' else 'deadline'}"
        else:
            title = f"{who} deadline".strip()
    else:
        title = f"{who} ({topics[0].name.lower()})" if who and topics else (who or (topics[0].name if topics else "Unclassified event"))
    title = " ".join(title.split())
    return title[:1].upper() + title[1:]


def _nearest(matches: list[Match], start: int, end: int) -> list[Match]:
    return sorted(matches, key=lambda m: C.distance(m.start, m.end, start, end))


def _unique(entries: list[Entry]) -> list[Entry]:
    seen, out = set(), []
    for e in entries:
        if e.pk not in seen:
            seen.add(e.pk)
            out.append(e)
    return out


@dataclass
class _Slot:
    draft: MentionDraft
    s: int  # expression offsets within the sentence
    e: int
    kind_cues: list[C.Cue] = field(default_factory=list)
    mod_cues: list[C.Cue] = field(default_factory=list)
    lo: int = 0  # the clause region this mention owns within its sentence
    hi: int = 0


def extract(
    *,
    body: str,
    sentences: list[Sentence],
    timexes: list,
    published: datetime.date,
    gazetteer: Gazetteer,
) -> list[MentionDraft]:
    """One draft per timex (deduplicated by span), with a candidate event where the timex anchors one."""
    # Match the gazetteer once over the body; sentences take their slice (offsets made sentence-relative).
    body_matches = {kind: gazetteer.find(kind, body) for kind in ("actor", "place", "topic")}
    article_counts: Counter = Counter(m.entry for m in body_matches["actor"])
    top_people = [e for e, _ in sorted(article_counts.items(), key=lambda kv: (-kv[1], kv[0].name)) if e.person]

    drafts: list[MentionDraft] = []
    anchoring: set[int] = set()
    last_end = -1
    # Longest first at each start; a timex overlapping one already kept is the same expression again.
    for t in sorted(timexes, key=lambda t: (t.start, -(t.end - t.start))):
        if t.start < last_end or not (0 <= t.start < t.end <= len(body)):
            continue
        last_end = t.end
        ss, se = sentence_span(sentences, t.start, t.end)
        drafts.append(MentionDraft(
            start=t.start, end=t.end, sentence_start=ss, sentence_end=se, expression=body[t.start : t.end][:300],
            sentence=body[ss:se], timex_type=t.type, value=(t.value or "")[:64], mod=(t.mod or "")[:32],
            earliest=t.earliest, latest=t.latest, precision=t.precision or "",
        ))
        if anchors_event(t):
            anchoring.add(id(drafts[-1]))

    by_sentence: dict[tuple[int, int], list[_Slot]] = {}
    for d in drafts:
        if id(d) in anchoring:
            by_sentence.setdefault((d.sentence_start, d.sentence_end), []).append(
                _Slot(d, d.start - d.sentence_start, d.end - d.sentence_start)
            )

    for (ss, se), slots in by_sentence.items():
        sentence = body[ss:se]
        # Each cue belongs to the date nearest to it: "said last week ... would be held in late February".
        for cue in C.kind_cues(sentence):
            min(slots, key=lambda sl: C.cue_score(sentence, cue.start, cue.end, sl.s, sl.e)).kind_cues.append(cue)
        for cue in C.modality_cues(sentence):
            owner = min(slots, key=lambda sl: C.cue_score(sentence, cue.start, cue.end, sl.s, sl.e))
            # A modal across a clause boundary ("on Monday, but officials say they could ...") is another clause's.
            if C.cue_score(sentence, cue.start, cue.end, owner.s, owner.e) <= C.MODALITY_REACH:
                owner.mod_cues.append(cue)
        # Clause regions: split the sentence halfway between neighbouring dates.
        for i, sl in enumerate(slots):
            sl.lo = 0 if i == 0 else (slots[i - 1].e + sl.s) // 2
            sl.hi = len(sentence) if i == len(slots) - 1 else (sl.e + slots[i + 1].s) // 2
        actor_matches = _within(body_matches["actor"], ss, se)
        place_matches = _within(body_matches["place"], ss, se)
        # "visited Pyongyang": the city there is a place, not the government.
        actor_matches = [
            a for a in actor_matches if not any(a.start < p.end and p.start < a.end for p in place_matches)
        ]
        topics = _unique([m.entry for m in _within(body_matches["topic"], ss, se)])
        for sl in slots:
            sl.draft.candidate = _candidate(
                sentence=sentence, slot=sl, published=published, actor_matches=actor_matches,
                place_matches=place_matches, topics=topics, top_people=top_people,
            )
    return drafts


def _within(matches: list[Match], start: int, end: int) -> list[Match]:
    return [Match(m.entry, m.start - start, m.end - start) for m in matches if start <= m.start and m.end <= end]


def _candidate(*, sentence, slot: _Slot, published, actor_matches, place_matches, topics, top_people) -> Candidate:
    d = slot.draft
    kind_cue = min(slot.kind_cues, key=lambda c: C.cue_score(sentence, c.start, c.end, slot.s, slot.e), default=None)
    kind = kind_cue.label if kind_cue else "other"

    # Modality: the nearest modal cue, "by <date>", else tense from the calendar.
    mod_cue = min(slot.mod_cues, key=lambda c: C.cue_score(sentence, c.start, c.end, slot.s, slot.e), default=None)
    if mod_cue:
        modality = mod_cue.label
    elif C.BY_BEFORE.search(sentence[max(0, slot.s - 30) : slot.s]):
        modality = "target"
    elif d.earliest > published:
        modality = "scheduled"
    else:
        modality = "occurred"
    if d.latest < published and (kind == "statement" or modality == "scheduled"):
        # A statement made, or a plan for a date already past, is reported as having happened.
        modality = "occurred"
    if kind == "deadline" and modality != "possible":
        # "hoped to achieve ... by January 2021": a deadline is a target unless only floated as possible.
        modality = "target"

    region = [m for m in actor_matches if slot.lo <= m.start < slot.hi]
    region_nearest = _unique([m.entry for m in _nearest(region, slot.s, slot.e)])
    anchor = kind_cue.start if kind_cue else slot.s
    near = sentence[max(0, anchor - 40) : min(len(sentence), anchor + 60)]
    ordered = False  # letters keep (sender, recipient) order
    if kind == "statement":
        speaker = _speaker(actor_matches, kind_cue)
        actors = [speaker] if speaker else []
    elif kind == "summit" or (kind == "talks" and _TWO_LEADERS.search(near)):
        people = [e for e in region_nearest if e.person]
        if len(people) < 2 or _TWO_LEADERS.search(near):
            # "their first landmark summit", "the two leaders": the article's main protagonists.
            for person in top_people:
                if len(people) >= 2:
                    break
                if person not in people:
                    people.append(person)
        actors = people[:3] or region_nearest[:2]
    elif kind == "talks":
        # Talks are often between delegations or countries ("talks between North Korea and the United States").
        people = [e for e in region_nearest if e.person]
        actors = people[:3] or region_nearest[:2]
    elif kind == "letter":
        actors, ordered = _letter_parties(sentence, actor_matches, kind_cue), True
    elif kind in {"visit", "test", "sanctions"}:
        agent = _agent(actor_matches, kind_cue) if kind_cue else None
        actors = [agent] if agent else region_nearest[:1]
    else:
        actors = region_nearest[:3]
    actors_sorted = actors if ordered else sorted(actors, key=lambda e: e.name)

    # The place must sit next to the date or the event word ("summit in Singapore last June"); a city
    # named elsewhere in a long sentence is usually where something else happened.
    anchors = [(slot.s, slot.e)] + ([(kind_cue.start, kind_cue.end)] if kind_cue else [])
    region_places = [
        m for m in place_matches
        if slot.lo <= m.start < slot.hi and min(C.distance(m.start, m.end, a, b) for a, b in anchors) <= PLACE_REACH
    ]
    place = _nearest(region_places, slot.s, slot.e)[0].entry if region_places else None

    if kind in {"statement", "deadline", "letter", "sanctions"}:
        place = None  # where a statement was made or a deadline set is not the news
    ordinal = None
    if kind_cue and kind in {"summit", "talks"}:
        noun_at = kind_cue.antecedent if kind_cue.antecedent is not None else kind_cue.start
        ordinal = C.ordinal_before(sentence, noun_at)
    deadline_object = None
    if kind == "deadline":
        cue_list = [c for c in C.kind_cues(sentence) if c.label == "deadline"]
        for cue in sorted(cue_list, key=lambda c: C.distance(c.start, c.end, slot.s, slot.e)):
            deadline_object = _object_after(sentence, cue)
            if deadline_object:
                deadline_object = deadline_object[:1].upper() + deadline_object[1:].lower()
                break
    title = build_title(kind=kind, modality=modality, actors=actors_sorted, place=place, ordinal=ordinal,
                        topics=topics, deadline_object=deadline_object,
                        document=_document_name(sentence, slot.s) if kind == "agreement" else None)
    return Candidate(
        kind=kind, modality=modality, earliest=d.earliest, latest=d.latest,
        precision=d.precision or "", mod=d.mod, label=date_label(d.earliest, d.latest, d.precision or None, d.mod),
        title=title[:300], summary=trim_summary(sentence), actors=actors_sorted, place=place, topics=topics,
    )


def _agent(matches: list[Match], cue: C.Cue) -> Entry | None:
    """Who does it: the actor just before the event word ("the North fired", "Mr Moon visited")."""
    before = [m for m in matches if m.end <= cue.start and cue.start - m.end <= 80]
    return before[-1].entry if before else None


def _letter_parties(sentence: str, matches: list[Match], cue: C.Cue | None) -> list[Entry]:
    """[sender, recipient] of a letter: "a letter from Mr Kim to Mr Trump", "Mr Trump ... in a letter to Mr Kim"."""
    if cue is None:
        return []
    sender = recipient = None
    for m in matches:
        if m.start < cue.end or m.start - cue.end > 60:
            continue
        lead = sentence[max(cue.end, m.start - 12) : m.start].lower()
        if sender is None and re.search(r"\bfrom\s+(the\s+)?$", lead):
            sender = m.entry
        elif recipient is None and re.search(r"\bto\s+(the\s+)?$", lead):
            recipient = m.entry
    if sender is None:
        sender = _agent(matches, cue)
    return _unique([e for e in (sender, recipient) if e is not None])


_DOCUMENT = re.compile(
    r"\b((?:[A-Z][\w'\u2019-]*\s+){1,4}(?:Declaration|Agreement|Accords?|Treaty|Joint Statement|Communiqu[eé]))\b"
)


def _document_name(sentence: str, slot_start: int) -> str | None:
    """A named document near the date: "signed the Pyongyang Joint Declaration" -> "Pyongyang Joint Declaration"."""
    found = [(abs(m.start() - slot_start), m.group(1)) for m in _DOCUMENT.finditer(sentence)]
    if not found:
        return None
    name = min(found)[1]
    name = re.sub(r"^(?:The|A|An|On|In|By|After|Before|When)\s+", "", name)
    return name if len(name.split()) >= 2 else None


def _speaker(matches: list[Match], cue: C.Cue | None) -> Entry | None:
    """Who said it: a person just before the speech verb ("Mr Pompeo told"), else just after ("said Mr Kim"),
    else a government or agency ("the White House said")."""
    if not matches:
        return None
    if cue is None:
        return matches[0].entry
    before = [m for m in matches if m.end <= cue.start and cue.start - m.end <= 80]
    after = [m for m in matches if m.start >= cue.end and m.start - cue.end <= 80]
    if before and cue.start - before[-1].end <= 30:
        return before[-1].entry  # the subject right before the verb: "The White House said"
    for pool, pick in ((before, -1), (after, 0)):
        people = [m for m in pool if m.entry.person]
        if people:
            return people[pick].entry
    if before:
        return before[-1].entry
    if after:
        return after[0].entry
    return _nearest(matches, cue.start, cue.end)[0].entry
