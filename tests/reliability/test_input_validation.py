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
    # Regression (fuzz): a lone surrogate crashed the content hash with UnicodeEncodeError.
    ("lone surrogate", {"text": GOOD + "\ud800"}, "text", r"not valid Unicode"),
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


@pytest.mark.parametrize("fmt", ["markdown", "html", "auto", "text"])
@pytest.mark.parametrize("odd", ["\x0c", "\uffff", "\ufffe"], ids=["form-feed", "U+FFFF", "U+FFFE"])
def test_characters_lxml_refuses_are_handled_in_every_format(fmt, odd):
    """Regression (fuzz found "0\\x0c" as Markdown): lxml rejects these characters; ingestion must not crash."""
    result = ingest(text=f"# Talks{odd}\n\n{GOOD}{odd}\n", fmt=fmt)
    assert "Kim Jong-un met Donald Trump in Singapore" in result.article.body
    assert_mentions_match_body(result.article)


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
    text = f"Envoys \x1b[31mlanded\x07 in Hanoi.\n\n{filler}\n\nOn 12 June 2018, Kim Jong-un\x08 met Donald Trump in Singapore.\n"
    result = ingest(text=text)
    body = result.article.body
    assert not CONTROL.search(body), repr(body[:200])
    assert "Envoys [31mlanded in Hanoi." in body
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


# --- The same inputs through the staff /ingest/ form ------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
DEEP_HTML = "<html><body>" + "<div>" * 10_000 + f"<p>{GOOD}</p>" + "</div>" * 10_000 + "</body></html>"


def form_data(**overrides) -> dict:
    data = {
        "text": GOOD, "title": "Singapore summit", "outlet": "Wire", "url": "https://example.org/summit",
        "published": PUBLISHED, "fmt": "auto",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def page_text(response) -> str:
    import html

    return html.unescape(response.content.decode())


# id, form overrides (a callable builds uploads fresh per run), message pattern shown on the page
WEB_REFUSED = [
    ("empty", lambda: {"text": ""}, r"Paste the article text or upload a file"),
    ("whitespace only", lambda: {"text": " \n\t\r\n  "}, r"Paste the article text or upload a file"),
    ("NUL in pasted text", lambda: {"text": "Kim met\x00 Trump on 12 June 2018."}, r"Null characters are not allowed"),
    ("PNG uploaded as .txt", lambda: {"text": "", "file": upload("photo.txt", PNG)}, r"looks binary"),
    ("PNG uploaded as .png", lambda: {"text": "", "file": upload("photo.png", PNG)}, r"Upload a \.txt, \.md or \.html"),
    (
        "latin-1 upload",
        lambda: {"text": "", "file": upload("a.txt", "Reçu à Pyongyang le 12 juin 2018.".encode("latin-1"))},
        r"not UTF-8",
    ),
    ("limit + 1 byte upload", lambda: {"text": "", "file": upload("big.txt", b"a" * (LIMIT + 1))}, r"too large"),
    ("limit + 1 byte pasted", lambda: {"text": "a" * (LIMIT + 1)}, r"too large"),
    ("10 MB line upload", lambda: {"text": "", "file": upload("line.txt", b"x" * TEN_MB)}, r"too large"),
    ("deep HTML upload", lambda: {"text": "", "file": upload("deep.html", DEEP_HTML.encode())}, r"nested .* deep"),
    ("future date", lambda: {"published": "9999-12-31"}, r"in the future"),
    ("impossible date", lambda: {"published": "2019-02-30"}, r"YYYY-MM-DD"),
    ("yesterday", lambda: {"published": "yesterday"}, r"YYYY-MM-DD"),
    ("year one", lambda: {"published": "0001-01-01"}, r"before 1800; check the year"),
    ("missing title", lambda: {"title": ""}, r"This field is required"),
    ("text and file", lambda: {"file": upload("a.txt", GOOD.encode())}, r"not both"),
]


@pytest.mark.parametrize(("make", "message"), [c[1:] for c in WEB_REFUSED], ids=[c[0] for c in WEB_REFUSED])
def test_ingest_form_refuses_bad_input_with_message_and_writes_nothing(staff_client, make, message):
    """The form shows the specific reason next to the field, answers 400, and the archive is unchanged."""
    before = row_counts()
    response = staff_client.post("/ingest/", form_data(**make()))
    assert response.status_code == 400
    text = page_text(response)
    assert re.search(message, text), text[:3000]
    assert "nothing was saved" in text
    assert row_counts() == before


def test_ingest_form_refusal_over_htmx_swaps_the_panel_with_the_error(staff_client):
    """htmx only swaps 2xx answers, so its refusal is a 200 panel carrying the error."""
    before = row_counts()
    response = staff_client.post("/ingest/", form_data(published="9999-12-31"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "in the future" in page_text(response)
    assert row_counts() == before


def test_ten_megabyte_paste_gets_a_bad_request_page_that_names_the_size_limit(staff_client):
    """A paste beyond Django's request-size guard never reaches the form; the 400 page still says why."""
    before = row_counts()
    response = staff_client.post("/ingest/", form_data(text="x" * TEN_MB))
    assert response.status_code == 400
    assert "too large: an article can be at most 2 MB. Nothing was saved." in page_text(response)
    assert row_counts() == before
    # The htmx form gets just the message to swap in, not a page inside the page.
    response = staff_client.post("/ingest/", form_data(text="x" * TEN_MB), headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "at most 2 MB" in page_text(response) and "<html" not in page_text(response)
    assert row_counts() == before


WEB_ACCEPTED = [
    ("UTF-16 upload", lambda: {"text": "", "file": upload("u16.txt", GOOD.encode("utf-16"))}, "Kim Jong-un met Donald Trump"),
    ("UTF-8 BOM upload", lambda: {"text": "", "file": upload("u8.txt", b"\xef\xbb\xbf" + GOOD.encode())}, "On 12 June 2018"),
    ("hostile HTML upload", lambda: {"text": "", "file": upload("page.html", HOSTILE_HTML.encode())}, "Kim Jong-un met"),
    ("hostile HTML pasted", lambda: {"text": HOSTILE_HTML, "fmt": "html"}, "Kim Jong-un met"),
    ("RTL and emoji", lambda: {"text": "وصل الزعيم إلى هانوي 🤝.\n" + GOOD, "title": "هانوي 🤝"}, "وصل الزعيم إلى هانوي 🤝"),
]


@pytest.mark.parametrize(("make", "kept"), [c[1:] for c in WEB_ACCEPTED], ids=[c[0] for c in WEB_ACCEPTED])
def test_ingest_form_accepts_odd_but_valid_input(staff_client, make, kept):
    """Valid input in unusual encodings or markup is stored, decoded right, without any script text."""
    response = staff_client.post("/ingest/", form_data(**make()))
    assert response.status_code == 200, page_text(response)[:2000]
    assert "Article ingested" in page_text(response)
    article = Article.objects.get()
    assert kept in article.body
    assert "pwned" not in article.body and "\ufeff" not in article.body
    assert_mentions_match_body(article)


def test_ingest_form_size_boundary(staff_client, settings):
    """Through the form too: an upload of exactly the limit is stored, one byte more is refused."""
    settings.TIMELINE_MAX_UPLOAD_BYTES = 4096
    body = (GOOD + "\n").encode()
    exact = (body * (4096 // len(body) + 1))[:4096]
    response = staff_client.post("/ingest/", form_data(text="", file=upload("exact.txt", exact)))
    assert response.status_code == 200, page_text(response)[:2000]
    before = row_counts()
    response = staff_client.post("/ingest/", form_data(text="", file=upload("over.txt", exact + b"!")))
    assert response.status_code == 400
    assert re.search(r"The file is too large \(.*\); the limit is 4 KB\.", page_text(response))
    assert row_counts() == before
