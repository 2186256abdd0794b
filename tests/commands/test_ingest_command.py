"""manage.py ingest: files and manifests in, a readable or JSON summary out, errors exit non-zero."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from timeline.models import Article, Event

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def ingest(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_one_file_with_metadata(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Donald Trump and Kim Jong-un met in Singapore on 12 June 2018.\n", encoding="utf-8")
    out, _ = ingest(str(path), "--published", "2019-02-20", "--title", "Brief", "--outlet", "Desk",
                    "--url", "https://example.org/brief")
    article = Article.objects.get()
    assert (article.title, article.outlet, article.url, str(article.published)) == (
        "Brief", "Desk", "https://example.org/brief", "2019-02-20")
    assert f"Ingested article {article.pk}" in out
    assert Event.objects.get().title == "Trump–Kim summit in Singapore"


def test_json_summary_reports_created_then_skipped(tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out, _ = ingest(str(path), "--published", "2019-01-24", "--json")
    (entry,) = json.loads(out)
    article = Article.objects.get()
    assert entry["status"] == "created"
    assert entry["article_id"] == article.pk
    assert sorted(entry["events_created"]) == sorted(Event.objects.values_list("pk", flat=True))
    assert entry["events_merged"] == []
    # No --title: the headline line becomes the title.
    assert article.title.startswith("Kim Jong-un enjoys 'great' Trump letter")
    out, _ = ingest(str(path), "--published", "2019-01-24", "--json")
    (entry,) = json.loads(out)
    assert entry["status"] == "skipped" and entry["article_id"] == article.pk
    assert entry["events_created"] == [] and Article.objects.count() == 1


def test_manifest_paths_are_relative_to_the_manifest(tmp_path, seed_manifest):
    # Copy the seeds elsewhere so the command cannot be relying on the working directory.
    shutil.copy(SEEDS / seed_manifest[0]["file"], tmp_path / seed_manifest[0]["file"])
    second = {"file": "second.md", "title": "Trump and Kim in Singapore", "outlet": "Desk",
              "published": "2019-02-20"}
    (tmp_path / "second.md").write_text("Donald Trump and **Kim Jong-un** met in Singapore on 12 June 2018.\n")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps([seed_manifest[0], second]), encoding="utf-8")
    out, err = ingest("--manifest", str(manifest), "--json")
    summary = json.loads(out)
    assert [e["status"] for e in summary] == ["created", "created"]
    singapore = Event.objects.get(kind="summit", place__name="Singapore")
    assert summary[1]["events_merged"] == [singapore.pk]
    assert singapore.source_count == 2
    assert Article.objects.get(pk=summary[1]["article_id"]).source_format == "markdown"
    # Several files: a progress bar on stderr, never on stdout.
    assert "Ingesting" in err and "2/2" in err


def test_the_real_seed_manifest_ingests(seed_manifest):
    out, _ = ingest("--manifest", str(SEEDS / "manifest.json"), "--json")
    summary = json.loads(out)
    assert len(summary) == len(seed_manifest)
    assert all(e["status"] == "created" for e in summary)
    assert Event.objects.filter(source_count__gte=2).exists()  # the briefs corroborate each other


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "Nothing to ingest"),
        (["missing-file.txt", "--published", "2019-01-24"], "missing-file.txt: no such file."),
        (["{file}"], "--published YYYY-MM-DD is required"),
        (["{file}", "--published", "2019-13-01"], "does not exist on the calendar"),
        (["{file}", "--published", "tomorrow"], "not in the form YYYY-MM-DD"),
        (["{file}", "--manifest", "{manifest}"], "either FILE... or --manifest"),
        (["--manifest", "{missing}"], "cannot read the manifest"),
        (["--manifest", "{bad_manifest}"], "not valid JSON"),
    ],
)
def test_errors_exit_with_a_clear_message(tmp_path, args, message):
    good = tmp_path / "a.txt"
    good.write_text("Mr Kim met Mr Trump on Monday.", encoding="utf-8")
    bad_manifest = tmp_path / "bad.json"
    bad_manifest.write_text("{not json", encoding="utf-8")
    names = {"file": str(good), "manifest": str(bad_manifest), "missing": str(tmp_path / "none.json"),
             "bad_manifest": str(bad_manifest)}
    with pytest.raises(CommandError, match=message.replace(".", r"\.").replace("(", r"\(")):
        ingest(*[a.format(**names) for a in args])
    assert Article.objects.count() == 0


def test_a_bad_file_in_a_batch_is_reported_and_the_rest_ingested(tmp_path):
    (tmp_path / "good.txt").write_text("Mr Kim met Mr Trump in Hanoi on 27 February 2019.", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\x03")
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 of 2 file\(s\) not ingested:\n  .*blob.txt: The file looks binary"):
        call_command("ingest", str(tmp_path / "good.txt"), str(tmp_path / "blob.txt"), "--published", "2019-03-01",
                     "--json", stdout=out, stderr=StringIO())
    summary = json.loads(out.getvalue())
    assert [e["status"] for e in summary] == ["created", "error"]
    assert Article.objects.count() == 1


def test_help_is_written_for_people():
    from timeline.management.commands.ingest import Command

    parser = Command().create_parser("manage.py", "ingest")
    text = parser.format_help()
    for option in ("--published", "--manifest", "--json", "--title", "--outlet", "--url", "--format"):
        assert option in text
