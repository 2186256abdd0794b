"""The starting gazetteer: actors, places and topics of the 2018-2019 US-North Korea diplomacy.

Used by the data migration (with historical models) and by tests that need the gazetteer after a
flush. Idempotent: existing rows keep their edits and only gain missing aliases.
"""

from __future__ import annotations

from django.utils.text import slugify

ACTORS: list[tuple[str, str, list[str]]] = [
    ("Donald Trump", "President of the United States 2017-2021",
     ["Trump", "Mr Trump", "President Trump", "the US president", "US President Donald Trump", "Donald J. Trump",
      "Donald J Trump"]),
    ("Kim Jong-un", "Leader of North Korea",
     ["Kim Jong Un", "Kim Jong-Un", "Mr Kim", "Chairman Kim", "the North's leader", "North Korean leader",
      "North Korea's leader", "the North Korean leader"]),
    ("Moon Jae-in", "President of South Korea 2017-2022",
     ["Moon Jae In", "Mr Moon", "President Moon", "South Korean President Moon Jae-in"]),
    ("Mike Pompeo", "US Secretary of State 2018-2021", ["Pompeo", "Mr Pompeo", "secretary of state",
                                                         "Secretary of State Mike Pompeo"]),
    ("Kim Yong Chol", "North Korean envoy and former spy chief", ["Kim Yong-chol", "Kim Yong-chul", "General Kim Yong Chol"]),
    ("Stephen Biegun", "US Special Representative for North Korea", ["Biegun", "Mr Biegun", "Steve Biegun"]),
    ("John Bolton", "US National Security Adviser 2018-2019", ["Bolton", "Mr Bolton"]),
    ("Xi Jinping", "President of China", ["Xi", "Mr Xi", "President Xi"]),
    ("Vladimir Putin", "President of Russia", ["Putin", "Mr Putin", "President Putin"]),
    ("Shinzo Abe", "Prime Minister of Japan 2012-2020", ["Abe", "Mr Abe", "Prime Minister Abe"]),
    ("White House", "The US president's office", ["the White House"]),
    ("United States", "Country", ["US", "U.S.", "USA", "America", "Washington", "the United States"]),
    ("North Korea", "Country", ["Pyongyang", "the North", "DPRK", "Democratic People's Republic of Korea"]),
    ("South Korea", "Country", ["Seoul", "the South", "Republic of Korea"]),
    ("China", "Country", ["Beijing"]),
    ("Japan", "Country", ["Tokyo"]),
    ("Russia", "Country", ["Moscow", "the Kremlin"]),
    ("United Nations", "International organisation", ["UN", "U.N.", "the UN Security Council", "UN Security Council"]),
    ("KCNA", "North Korea's state news agency", ["Korean Central News Agency"]),
]

PLACES: list[tuple[str, str, list[str]]] = [
    ("Singapore", "Singapore", ["Sentosa", "Capella hotel"]),
    ("Hanoi", "Vietnam", ["Ha Noi"]),
    ("Panmunjom", "Korea", ["DMZ", "demilitarised zone", "demilitarized zone", "Demilitarized Zone", "Peace House",
                           "truce village"]),
    ("Stockholm", "Sweden", []),
    ("Washington", "United States", ["Washington DC", "Washington, DC", "Oval Office", "the White House"]),
    ("Pyongyang", "North Korea", []),
    ("Seoul", "South Korea", []),
    ("Beijing", "China", []),
    ("Vladivostok", "Russia", []),
]

TOPICS: list[tuple[str, list[str]]] = [
    ("Denuclearisation", ["denuclearisation", "denuclearization", "denuclearise", "denuclearize", "nuclear",
                          "disarmament", "nuclear-free"]),
    ("Sanctions", ["sanctions", "sanction", "sanctioned"]),
    ("Missiles", ["missile", "missiles", "missle", "rocket", "rockets", "ICBM", "ICBMs", "ballistic"]),
    ("Summitry", ["summit", "summits", "summitry"]),
    ("Human remains and detainees", ["remains", "detainees", "detainee", "hostages", "prisoners", "freed Americans"]),
]


def _merge_aliases(existing: str, new: list[str]) -> str:
    lines = [line.strip() for line in (existing or "").splitlines() if line.strip()]
    for alias in new:
        if alias not in lines:
            lines.append(alias)
    return "\n".join(lines)


def seed_gazetteer(Actor, Place, Topic) -> None:
    """Create the starting actors, places and topics (model classes passed in for migrations)."""
    for name, description, aliases in ACTORS:
        obj, created = Actor.objects.get_or_create(
            name=name, defaults={"description": description, "aliases": "\n".join(aliases)}
        )
        if not created:
            merged = _merge_aliases(obj.aliases, aliases)
            if merged != obj.aliases:
                obj.aliases = merged
                obj.save(update_fields=["aliases"])
    for name, country, aliases in PLACES:
        obj, created = Place.objects.get_or_create(name=name, defaults={"country": country, "aliases": "\n".join(aliases)})
        if not created:
            merged = _merge_aliases(obj.aliases, aliases)
            if merged != obj.aliases:
                obj.aliases = merged
                obj.save(update_fields=["aliases"])
    for name, aliases in TOPICS:
        obj, created = Topic.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "aliases": "\n".join(aliases)}
        )
        if not created:
            merged = _merge_aliases(obj.aliases, aliases)
            if merged != obj.aliases:
                obj.aliases = merged
                obj.save(update_fields=["aliases"])
