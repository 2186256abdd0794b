"""Hostile, huge and broken input: a specific error and an untouched database, or correct handling."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.apps import apps
from django.conf import settings

from timeline.models import Article, Mention
from timeline.services import IngestError, article_ingest

pytestmark = pytest.mark.django_db

PUBLISHED = "2019-01-24"
GOOD = "On 12 June 2018, Kim Jong-un met Donald Trump in Singapore for their first summit."
LIMIT = settings.TIMELINE_MAX_UPLOAD_BYTES
TEN_MB = 10 * 1024 * 1024
# C0 control characters other than tab, newline, carriage return and form feed (kept as whitespace).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def row_counts() -> dict[str, int]:
    """Rows in every table of the app, including many-to-many link tables."""
    counts = {}
    for model in apps.get_app_config("timeline").get_models(include_auto_created=True):
        counts[model._meta.db_table] = model.objects.count()
    return counts


def ingest(**overrides):
    kwargs = {"text": GOOD, "published": PUBLISHED, "title": "Singapore summit", "outlet": "Wire"}
    kwargs.update(overrides)
    return article_ingest(**kwargs)


# id, overrides, field, message pattern (case-insensitive) the user must see
REFUSED = [
    ("empty", {"text": ""}, "text", r"empty"),
    ("whitespace only", {"text": " \n\t\r\n\u00a0\u2003  "}, "text", r"empty"),
    ("empty bytes", {"text": b""}, "text", r"empty"),
    ("NUL bytes in str", {"text": "Kim met Trump\x00\x00 on 12 June 2018."}, "text", r"binary"),
    ("NUL bytes in bytes", {"text": b"Kim met Trump\x00\x00 on 12 June 2018."}, "text", r"binary"),
    ("PNG file", {"text": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))}, "text", r"binary"),
    (
        "latin-1 bytes",
        {"text": "Kim Jong-un a reçu la lettre à Pyongyang le 12 juin 2018, déclare l'agence.".encode("latin-1")},
        "text",
        r"utf-?8",
    ),
    ("limit + 1 byte", {"text": b"a" * (LIMIT + 1)}, "text", r"too (large|long|big)|larger than|exceeds|limit"),
    ("limit + 1 byte as str", {"text": "a" * (LIMIT + 1)}, "text", r"too (large|long|big)|larger than|exceeds|limit"),
    ("future date", {"published": "9999-12-31"}, "published", r"future"),
    ("future date object", {"published": datetime.date(9999, 12, 31)}, "published", r"future"),
    ("impossible date", {"published": "2019-02-30"}, "published", r"date"),
    ("word instead of date", {"published": "yesterday"}, "published", r"date"),
    ("missing date", {"published": ""}, "published", r"date"),
    ("missing date None", {"published": None}, "published", r"date"),
    ("missing title", {"title": ""}, "title", r"title"),
    ("blank title", {"title": "   "}, "title", r"title"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_bad_input_is_refused_with_a_specific_message_and_nothing_written(overrides, field, message):
    """Each refusal names the problem, points at the field, and writes no row anywhere."""
    before = row_counts()
    with pytest.raises(IngestError) as caught:
        ingest(**overrides)
    assert re.search(message, caught.value.message, re.IGNORECASE), caught.value.message
    assert caught.value.field == field
    assert row_counts() == before


def test_size_limit_boundary_exactly_the_limit_is_accepted(settings):
    """The limit counts bytes: exactly TIMELINE_MAX_UPLOAD_BYTES is stored, one more byte is refused."""
    settings.TIMELINE_MAX_UPLOAD_BYTES = 4096
    body = (GOOD + "\n").encode()
    text = (body * (4096 // len(body) + 1))[:4096]
    assert len(text) == 4096
    ingest(text=text)
    assert Article.objects.count() == 1
    before = row_counts()
    with pytest.raises(IngestError, match=r"(?i)too (large|long|big)|larger than|exceeds|limit"):
        ingest(text=text + b"b")
    assert row_counts() == before


def test_ten_megabyte_line_is_refused_by_size_before_any_parsing():
    """10 MB without a newline is refused by the size check, not after minutes of sentence splitting."""
    before = row_counts()
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        ingest(text="Kim met Trump on 12 June 2018 " + "x" * TEN_MB)
    # Generous bound: parsing 10 MB would take far longer; this only catches "checked after parsing".
    assert time.monotonic() - started < 5
    assert re.search(r"too (large|long|big)|larger than|exceeds|limit", caught.value.message, re.I)
    assert row_counts() == before


def assert_mentions_match_body(article: Article) -> None:
    """Every stored offset points at its expression and sentence in the stored body."""
    for m in Mention.objects.filter(article=article):
        assert article.body[m.start : m.end] == m.expression
        assert article.body[m.sentence_start : m.sentence_end] == m.sentence
        assert m.sentence_start <= m.start < m.end <= m.sentence_end


def test_utf16_with_bom_is_decoded():
    """UTF-16 with a byte-order mark (Windows "Unicode" text) is read as the text it is."""
    result = ingest(text=GOOD.encode("utf-16"))
    assert result.created
    assert "Kim Jong-un met Donald Trump in Singapore" in result.article.body
    assert "\ufeff" not in result.article.body
    assert "12 June 2018" in [m.expression for m in result.mentions]
    assert_mentions_match_body(result.article)


def test_utf8_with_bom_is_decoded():
    """A UTF-8 byte-order mark is dropped, not stored as the first character."""
    result = ingest(text=b"\xef\xbb\xbf" + GOOD.encode())
    assert result.article.body.startswith("On 12 June 2018")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>" + "<div>" * 10_000 + f"<p>{GOOD}</p>" + "</div>" * 10_000 + "</body></html>",
        # Regression: text above the parser's depth limit survived while the deeper text vanished silently.
        f"<html><body><p>{GOOD}</p>" + "<div>" * 300 + "<p>Talks resume in late February.</p>" + "</div>" * 300,
    ],
    ids=["10k-deep", "shallow-and-deep"],
)
def test_deeply_nested_html_is_refused_not_truncated(html):
    """HTML nested deeper than the parser reads is refused with a specific message, never half-read or crashing."""
    before = row_counts()
    with pytest.raises(IngestError) as caught:
        ingest(text=html, fmt="html")
    assert re.search(r"nested .*deep", caught.value.message), caught.value.message
    assert "plain text" in caught.value.message
    assert row_counts() == before


def test_moderately_nested_html_is_read():
    """200 levels (ugly but real page builders) are read in full."""
    html = "<html><body>" + "<div>" * 200 + f"<p>{GOOD}</p>" + "</div>" * 200 + "</body></html>"
    result = ingest(text=html, fmt="html")
    assert "Kim Jong-un met Donald Trump in Singapore" in result.article.body
    assert_mentions_match_body(result.article)


HOSTILE_HTML = """<html><head><title>Summit</title>
<script>document.title = 'pwned-by-script'; fetch('/steal?c=' + document.cookie)</script>
<style>body { background: url(javascript:alert('pwned-by-style')) }</style></head>
<body><article><h1>Singapore summit</h1>
<p>On 12 June 2018, Kim Jong-un met Donald Trump in Singapore for their first summit.</p>
<iframe src="https://evil.example/frame">pwned-by-iframe</iframe>
<p onclick="alert('pwned-by-handler')">Officials said on Wednesday that talks would resume in late February.</p>
<script type="text/javascript">alert('pwned-by-inline')</script>
<noscript><img src=x onerror="alert('pwned-by-noscript')"></noscript>
</article></body></html>"""


@pytest.mark.parametrize("fmt", ["html", "auto"])
def test_html_scripts_styles_and_iframes_never_reach_the_body(fmt):
    """Only the article's prose is kept: no script, style, iframe or handler text in the body."""
    result = ingest(text=HOSTILE_HTML, fmt=fmt)
    body = result.article.body
    assert "Kim Jong-un met Donald Trump in Singapore" in body
    assert "talks would resume in late February" in body
    assert "pwned" not in body
    assert "<" not in body and "document.cookie" not in body
    assert_mentions_match_body(result.article)


def test_right_to_left_and_emoji_text_is_stored_verbatim_with_correct_offsets():
    """Arabic, Hebrew and emoji (astral-plane characters) keep their text and shift no offsets."""
    text = (
        "وصل الزعيم الكوري الشمالي إلى هانوي 🇻🇳🤝 للقاء الرئيس الأمريكي.\n"
        "המנהיג הצפון קוריאני הגיע להאנוי 🚆.\n"
        "🚀🚀 On 27 February 2019, Kim Jong-un and Donald Trump met in Hanoi 👋🏽 for a second summit.\n"
    )
    result = ingest(text=text, title="هانوي 🤝 summit")
    body = result.article.body
    assert "وصل الزعيم الكوري الشمالي إلى هانوي 🇻🇳🤝" in body
    assert "המנהיג הצפון קוריאני" in body
    assert result.article.title == "هانوي 🤝 summit"
    expressions = [m.expression for m in result.mentions]
    assert "27 February 2019" in expressions
    assert_mentions_match_body(result.article)


def test_a_few_stray_control_characters_are_stripped():
    """A bell or terminal escape pasted into a long article is removed; the prose around it is kept."""
    filler = "Diplomats from both sides met again to discuss the agenda of the talks. " * 60
    text = f"\x1b[31mBREAKING\x07\n{filler}\nOn 12 June 2018, Kim Jong-un\x08 met Donald Trump in Singapore.\n"
    result = ingest(text=text)
    body = result.article.body
    assert not CONTROL.search(body), repr(body[:200])
    assert "BREAKING" in body
    assert "Kim Jong-un met Donald Trump in Singapore" in body
    for mention in result.mentions:
        assert not CONTROL.search(mention.sentence)
    assert "12 June 2018" in [m.expression for m in result.mentions]
    assert_mentions_match_body(result.article)


def test_text_dense_with_control_characters_is_refused_as_binary():
    """Many control characters mean a binary file that happened to decode: refused, not stored as garbage."""
    before = row_counts()
    text = "\x1b[31mBREAKING\x1b[0m\x07\nOn 12 June 2018,\x0b Kim Jong-un\x08 met Donald Trump in Singapore.\x7f\n"
    with pytest.raises(IngestError, match=r"binary"):
        ingest(text=text)
    assert row_counts() == before


def test_year_one_publication_date_is_refused_as_implausible():
    """0001-01-01 is a mistyped year, not a news date; stored, it would stretch the timeline back to year 1."""
    before = row_counts()
    with pytest.raises(IngestError) as caught:
        ingest(published="0001-01-01", text="Last year the two leaders met. " + GOOD)
    assert caught.value.field == "published"
    assert caught.value.message == "Publication date 0001-01-01 is before 1800; check the year."
    assert row_counts() == before
    # The boundary: the first accepted day.
    assert ingest(published="1800-01-01").created


def test_refused_duplicate_free_retry_after_error_succeeds():
    """A refusal leaves no trace that blocks the corrected resubmission (no stray content hash)."""
    with pytest.raises(IngestError):
        ingest(published="2019-02-30")
    assert ingest().created
