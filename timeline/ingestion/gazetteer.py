"""Find actors, places and topics in text by their names and aliases.

Matching is on word boundaries, longest alias first (so "the North's leader" beats "the North"),
case-sensitive for short or all-capital aliases ("US" is not "us") and otherwise case-sensitive
except for the first letter ("The White House" at a sentence start).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# Curly apostrophes are folded to ASCII (same length, so offsets stay valid).
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'"})
_HONORIFIC = re.compile(r"^(Mr|Mrs|Ms|Dr|President|Chairman|Prime Minister|General|Secretary|King|Queen)\.? ")
_LOCATIVE = re.compile(r"\b(in|at|to|from|near|inside|outside|into|toward|towards|via|visiting|visited|visit)\s+(the\s+)?$", re.I)


def fold(text: str) -> str:
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # actor | place | topic
    pk: int
    name: str
    short: str
    person: bool


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    start: int
    end: int


def _alias_pattern(alias: str) -> str:
    alias = fold(alias.strip())
    escaped = re.escape(alias)
    escaped = re.sub(r"(\\ )+", r"\\s+", escaped)
    if len(alias) > 4 and not alias.isupper() and alias[0].isalpha():
        first = alias[0]
        escaped = f"[{first.upper()}{first.lower()}]" + escaped[1:] if escaped[0] == first else escaped
    # Word boundaries that also work for aliases ending in punctuation ("U.S."); the shared left boundary
    # (?<![\w-]) is added once, in front of the whole alternation, by Gazetteer.build.
    return rf"{escaped}(?![\w-])" if alias[-1].isalnum() else escaped


def _first_chars(alias: str) -> set[str]:
    """Characters an alias's match can start with (both cases when _alias_pattern allows either)."""
    alias = fold(alias.strip())
    first = alias[0]
    if len(alias) > 4 and not alias.isupper() and first.isalpha():
        return {first.upper(), first.lower()}
    return {first}


def _alternation(alternatives: list[tuple[str, str]]) -> re.Pattern:
    """One regex for all aliases, tried in order at each position (longest first, as listed).

    The left word boundary and a look-ahead on the possible first characters are factored out of the
    alternatives: same matches, but most positions are rejected after one test instead of one per alias.
    """
    starts = "".join(sorted(re.escape(c) for a, _ in alternatives for c in _first_chars(a)))
    body = "|".join(f"(?P<{grp}>{_alias_pattern(a)})" for a, grp in alternatives)
    return re.compile(rf"(?<![\w-])(?=[{starts}])(?:{body})")


def short_name(name: str, aliases: list[str]) -> str:
    """Name for titles: Mr Kim -> Kim; United States -> US (an alias made of its initials); else the name."""
    for alias in aliases:
        m = _HONORIFIC.match(alias)
        if m and alias.startswith(("Mr ", "Mrs ", "Ms ", "Dr ")):
            return alias[m.end() :]
    initials = "".join(word[0] for word in name.split() if word[:1].isupper())
    if len(initials) >= 2 and initials in aliases:
        return initials
    return name


def is_person(aliases: list[str]) -> bool:
    return any(_HONORIFIC.match(alias) for alias in aliases)


@dataclass
class Gazetteer:
    """Compiled alias matchers for one kind each of actor, place and topic."""

    entries: dict[tuple[str, int], Entry] = field(default_factory=dict)
    _patterns: dict[str, re.Pattern | None] = field(default_factory=dict)
    _group_entry: dict[str, dict[str, Entry]] = field(default_factory=dict)
    # Place aliases that are also actor aliases (Washington, Pyongyang, the White House).
    _ambiguous: set[str] = field(default_factory=set)

    @classmethod
    def build(
        cls,
        *,
        actors: list[tuple[int, str, list[str]]],
        places: list[tuple[int, str, list[str]]],
        topics: list[tuple[int, str, list[str]]],
    ) -> Gazetteer:
        g = cls()
        actor_aliases = {fold(a).lower() for _, name, aliases in actors for a in [name, *aliases]}
        rows = {
            "actor": [(pk, name, aliases, Entry("actor", pk, name, short_name(name, aliases), is_person(aliases)))
                      for pk, name, aliases in actors],
            "place": [(pk, name, aliases, Entry("place", pk, name, name, False)) for pk, name, aliases in places],
            "topic": [(pk, name, aliases, Entry("topic", pk, name, name, False)) for pk, name, aliases in topics],
        }
        for kind, items in rows.items():
            alternatives: list[tuple[str, str]] = []
            groups: dict[str, Entry] = {}
            for pk, name, aliases, entry in items:
                g.entries[(kind, pk)] = entry
                seen = set()
                for alias in [name, *aliases]:
                    alias = alias.strip()
                    if not alias or alias in seen:
                        continue
                    seen.add(alias)
                    group = f"g{len(groups)}"
                    groups[group] = entry
                    alternatives.append((alias, group))
                    if kind == "place" and fold(alias).lower() in actor_aliases:
                        g._ambiguous.add(group)
            alternatives.sort(key=lambda item: -len(item[0]))
            g._group_entry[kind] = groups
            g._patterns[kind] = _alternation(alternatives) if alternatives else None
        return g

    def find(self, kind: str, text: str) -> list[Match]:
        """All non-overlapping matches of kind in text, leftmost-longest."""
        pattern = self._patterns.get(kind)
        if pattern is None:
            return []
        folded = fold(text)
        out = []
        for m in pattern.finditer(folded):
            entry = self._group_entry[kind][m.lastgroup]
            if kind == "place" and m.lastgroup in self._ambiguous and not _LOCATIVE.search(folded[max(0, m.start() - 20) : m.start()]):
                continue  # "Washington's patience" is the government, "in Washington" the place
            out.append(Match(entry, m.start(), m.end()))
        return out

    def actor_counts(self, text: str) -> Counter:
        return Counter(m.entry for m in self.find("actor", text))


# The last gazetteer built and the rows it was built from: compiling the alias regexes costs more than
# reading the three small tables, so the rows are read on every call and the build is reused while they
# are unchanged (an edit in the admin, from any process, gives different rows and a fresh build).
_last_built: tuple[tuple, Gazetteer] | None = None


def load_gazetteer() -> Gazetteer:
    """Build the matcher from the database (3 queries), reusing the previous build if no row changed."""
    global _last_built
    from timeline.models import Actor, Place, Topic, split_aliases

    key = tuple(
        tuple(model.objects.values_list("pk", "name", "aliases")) for model in (Actor, Place, Topic)
    )
    cached = _last_built
    if cached is not None and cached[0] == key:
        return cached[1]
    actors, places, topics = ([(pk, name, split_aliases(al)) for pk, name, al in rows] for rows in key)
    gazetteer = Gazetteer.build(actors=actors, places=places, topics=topics)
    _last_built = (key, gazetteer)
    return gazetteer
