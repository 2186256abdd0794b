"""Gazetteer matching: word boundaries, longest alias first, case rules, ambiguous place names."""

from __future__ import annotations

import pytest


def names(gazetteer, kind, text):
    return [(m.entry.name, text[m.start : m.end]) for m in gazetteer.find(kind, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr Kim met Mr Trump.", [("Kim Jong-un", "Mr Kim"), ("Donald Trump", "Mr Trump")]),
        # Longest first: the leader, not the country.
        ("the North’s leader spoke", [("Kim Jong-un", "the North’s leader")]),
        ("The White House said", [("White House", "The White House")]),
        # "US" is case-sensitive: the pronoun "us" is nobody.
        ("Tell us about the US plan", [("United States", "US")]),
        # Word boundaries: "Kimchi" and "Trumpeter" are no one.
        ("Kimchi and a Trumpeter", []),
        ("the north of the country", []),
        ("Kim Yong Chol and Chairman Kim", [("Kim Yong Chol", "Kim Yong Chol"), ("Kim Jong-un", "Chairman Kim")]),
        ("UN sanctions", [("United Nations", "UN")]),
    ],
)
def test_actor_matching(memory_gazetteer, text, expected):
    assert names(memory_gazetteer, "actor", text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the summit in Singapore", ["Singapore"]),
        ("the Singapore summit", ["Singapore"]),
        # A capital used for its government is not a place ...
        ("the extent of Washington's patience", []),
        # ... but a capital after a locative preposition is.
        ("talks in Washington", ["Washington"]),
        ("met at the DMZ", ["Panmunjom"]),
        ("the demilitarised zone", ["Panmunjom"]),
    ],
)
def test_place_matching(memory_gazetteer, text, expected):
    assert [name for name, _ in names(memory_gazetteer, "place", text)] == expected


def test_short_names_for_titles(memory_gazetteer):
    shorts = {e.name: e.short for e in memory_gazetteer.entries.values() if e.kind == "actor"}
    assert shorts["Donald Trump"] == "Trump"
    assert shorts["Kim Jong-un"] == "Kim"
    assert shorts["United States"] == "US"
    assert shorts["White House"] == "White House"


def test_seed_data_migration_loaded_the_gazetteer(gazetteer):
    from timeline.models import Actor, Place, Topic

    assert "Chairman Kim" in Actor.objects.get(name="Kim Jong-un").alias_list
    assert "DMZ" in Place.objects.get(name="Panmunjom").alias_list
    assert Topic.objects.filter(slug="denuclearisation").exists()


@pytest.mark.django_db
def test_an_alias_added_in_the_admin_reaches_the_next_ingest():
    """Regression: the compiled matcher is cached; an edited alias must still be matched on the next load."""
    from timeline.ingestion.gazetteer import load_gazetteer
    from timeline.models import Actor

    text = "The Supreme Leader spoke."
    assert names(load_gazetteer(), "actor", text) == []
    kim = Actor.objects.get(name="Kim Jong-un")
    kim.aliases += "\nthe Supreme Leader"
    kim.save()
    assert names(load_gazetteer(), "actor", text) == [("Kim Jong-un", "The Supreme Leader")]
    Actor.objects.filter(pk=kim.pk).delete()
    assert names(load_gazetteer(), "actor", text) == []
