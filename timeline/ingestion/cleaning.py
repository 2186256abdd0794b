"""Raw article text (plain, Markdown or HTML) to the cleaned body that mention offsets index into.

The body is paragraphs separated by one blank line, single spaces inside paragraphs, with the
publisher's boilerplate (donation appeals, comment prompts, newsletter/cookie/share lines, "Read
more" links, "Additional reporting by" credits) removed by general rules rather than per-site strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import IngestError

FORMATS = ("auto", "text", "markdown", "html")

# ---------------------------------------------------------------- format detection and conversion

_HTML_SIGNS = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(p|div|article|section|br|h[1-6]|span|a)[\s>/]", re.I)
_MD_SIGNS = [
    re.compile(r"^#{1,6}\s+\S", re.M),  # ATX heading
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),  # [link](url)
    re.compile(r"(\*\*|__)[^\s*_][^*_\n]*\1"),  # **strong**
    re.compile(r"^\s{0,3}([-*+]|\d+\.)\s+\S.*\n\s{0,3}([-*+]|\d+\.)\s+\S", re.M),  # a list of 2+ items
    re.compile(r"^\s{0,3}>\s", re.M),  # blockquote
]


def detect_format(text: str) -> str:
    """Guess "html", "markdown" or "text" from the content itself."""
    head = text[:5000]
    if len(_HTML_SIGNS.findall(head)) >= 2 or re.match(r"\s*<(!doctype|html)", head, re.I):
        return "html"
    if sum(1 for rx in _MD_SIGNS if rx.search(head)) >= 1:
        return "markdown"
    return "text"


_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "figure", "figcaption", "dd", "dt", "dl", "hr",
}
_DROP_TAGS = ["script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button", "iframe", "svg"]
# Never article prose, whatever the format: code, frames and embedded objects (their fallback text included).
_NEVER_TEXT = ["script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed"]
DEEP_HTML_MESSAGE = (
    "The HTML is nested more than 255 elements deep, too deep to read completely; "
    "paste the article as plain text instead."
)


# Characters lxml refuses outright ("All strings must be XML compatible"): form feed, U+FFFE/U+FFFF ...
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _parse_html(html: str):
    """lxml's tree of html; refuses markup deeper than libxml2 reads, which it would otherwise drop silently."""
    import lxml.html

    html = _NOT_XML.sub(" ", html)
    parser = lxml.html.HTMLParser()
    root = lxml.html.document_fromstring(html, parser=parser)
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise IngestError(DEEP_HTML_MESSAGE)
    return root


def _tree_text(root) -> str:
    """Text of a parsed document with block elements as paragraphs; mutates root."""
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    title = root.find(".//title")
    if title is not None:
        title.drop_tree()
    body = root.find("body")
    return (body if body is not None else root).text_content()


def _drop(root, tags: list[str]) -> None:
    for el in list(root.iter(*tags)):
        if el.getparent() is not None:
            el.drop_tree()


def html_to_text_lxml(html: str, *, drop_chrome: bool = True) -> str:
    """Text of an HTML document with block elements as paragraphs (the fallback extractor)."""
    from lxml import etree

    try:
        root = _parse_html(html)
    except (etree.ParserError, ValueError) as exc:
        if isinstance(exc, IngestError):
            raise
        return ""
    _drop(root, _DROP_TAGS + _NEVER_TEXT if drop_chrome else _NEVER_TEXT)
    return _tree_text(root)


# Below this much text a page has no chrome worth a main-content extractor, and trafilatura's
# fallback for tiny pages splits inline elements onto lines of their own ("on\nSunday\n.").
_SMALL_PAGE_CHARS = 1000


def html_to_text(html: str) -> str:
    """Main article text of an HTML page: trafilatura, or lxml's text for tiny pages or when trafilatura finds nothing."""
    import copy

    import trafilatura
    from lxml import etree

    try:
        root = _parse_html(html)
    except (etree.ParserError, ValueError) as exc:
        if isinstance(exc, IngestError):
            raise
        return ""
    # trafilatura keeps an <iframe>'s fallback text; take code and frames out before it looks.
    _drop(root, _NEVER_TEXT)
    fallback_root = copy.deepcopy(root)
    _drop(fallback_root, _DROP_TAGS)
    fallback = _tree_text(fallback_root)
    if len(" ".join(fallback.split())) < _SMALL_PAGE_CHARS:
        return fallback
    try:
        extracted = trafilatura.extract(
            root, include_comments=False, include_tables=False, include_links=False, deduplicate=False
        )
    except Exception:  # trafilatura raises assorted parser errors on broken markup
        extracted = None
    if extracted and extracted.strip():
        # trafilatura puts one newline between paragraphs; make them paragraph breaks.
        return "\n\n".join(line for line in extracted.splitlines() if line.strip())
    return fallback


def markdown_to_text(text: str) -> str:
    """Render Markdown to HTML, then take its text with paragraphs kept."""
    import markdown

    html = markdown.markdown(text, output_format="html")
    return html_to_text_lxml(f"<html><body>{html}</body></html>", drop_chrome=False)


# ---------------------------------------------------------------- whitespace

_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when a block's lines look like one paragraph wrapped at a fixed width."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    return all(35 <= len(line) <= 100 for line in body) and not all(
        line.rstrip().endswith((".", "!", "?", ":", "\u201d", '"')) for line in body
    )


def split_paragraphs(text: str) -> list[str]:
    """Normalise line endings and spaces; return paragraphs (a blank line or a line break separates them)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n"))
    text = text.replace("\u2029", "\n\n")
    text = _ZERO_WIDTH.sub("", text)
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_INLINE_SPACE.sub(" ", line).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


# ---------------------------------------------------------------- boilerplate

# A whole paragraph (or a sentence glued to real text) that is publisher chrome, not reporting.
_BOILERPLATE_SENTENCE = re.compile(
    r"""^(?:
        your\s+(?:support|donation|contribution|subscription|gift)\b.*
      | (?:please\s+)?(?:support|donate\s+to|subscribe\s+to)\s+(?:us|our|independent|quality)\b.*
      | .*\b(?:support|donation)s?\s+(?:helps?|allows?|makes?|enables?|keeps?)\s+(?:us|all\s+the\s+difference|it\s+possible)\b.*
      | .*\bmakes?\s+all\s+the\s+difference\W*
      | .*\bpaywalls?\b.*
      | .*\bquality\s+journalism\b.*
      | .*\b(?:become\s+a\s+(?:member|subscriber|supporter)|make\s+a\s+(?:one-off\s+)?(?:donation|contribution))\b.*
      | join\s+(?:our|the)\s+(?:commenting|comment|discussion|conversation)\b.*
      | join\s+(?:thought-provoking\s+)?conversations\b.*
      | .*\bfollow\s+other\s+.{0,40}\breaders\b.*
      | (?:view\s+|show\s+|read\s+)?(?:\d+\s+)?comments?(?:\s*\(\d+\))?\W*
      | (?:leave|post|add)\s+a\s+comment\b.*
      | .*\bcomments?\s+(?:are|have\s+been)\s+(?:closed|disabled|moderated)\b.*
      | (?:sign\s*up|subscribe)\b.*\b(?:newsletter|briefing|email|inbox|updates|alerts)\b.*
      | .*\bnewsletters?\b.*\b(?:sign\s*up|subscribe|inbox|email)\b.*
      | (?:get|receive)\s+(?:our|the)\b.{0,60}\b(?:newsletter|briefing)\b.*
      | .*\b(?:we|this\s+(?:site|website))\s+uses?\s+cookies\b.*
      | .*\b(?:accept|manage|reject)\s+(?:all\s+)?cookies\b.*
      | .*\bcookie\s+(?:policy|settings|preferences)\b.*
      | share\s+(?:this|on|via|the\s+story|article)\b.*
      | (?:click\s+to\s+)?share\W*
      | (?:facebook|twitter|whatsapp|linkedin|email|x)(?:\s*[|/·,]\s*(?:facebook|twitter|whatsapp|linkedin|email|x))+\W*
      | follow\s+(?:us|@\w+)\s+on\b.*
      | read\s+more\b.*
      | (?:more|related|recommended|further)\s+(?:stories|articles|coverage|reading|on\s+this\s+story)\b.*
      | (?:related|recommended|most\s+read|most\s+popular|you\s+may\s+also\s+like|see\s+also)(?:\s*:.*|\W*)
      | click\s+here\b.*
      | (?:subscribe|sign\s*up|register|log\s*in)(?:\s+(?:now|today|here|for\s+free|to\s+continue(?:\s+reading)?))?\W*
      | .*\bdelivered\s+(?:straight\s+|directly\s+)?to\s+your\s+inbox\b.*
      | download\s+(?:our|the)\s+(?:free\s+)?app\b.*
      | (?:listen\s+to|print|email|save|bookmark)\s+this\s+(?:article|story|page)\W*
      | (?:photograph|photo|image|picture)s?\s*:\s*\S.{0,80}
      | (?:topics|tags)\s*:.{0,200}
      | additional\s+reporting\s+by\b.*
      | (?:reporting|editing|writing)\s+by\s+[A-Z].{0,80}
      | advertisement\W*
      | (?:copyright|\u00a9)\s.*\b(?:all\s+rights\s+reserved|\d{4})\b.*
      | (?:image|photo|picture)\s+(?:source|credit)s?\s*:.*
    )$""",
    re.I | re.X | re.S,
)

# Short "sentences" in chrome are never long paragraphs of reporting; protect long ones from the broad rules.
_MAX_BOILERPLATE_LEN = 400
# Sentence pieces inside one paragraph, including pieces glued without a space ("difference.North").
_PIECE = re.compile(r"[^.!?]+(?:[.!?]+[\"'\u201d\u2019)]*|$)")


def _is_boilerplate(sentence: str) -> bool:
    s = sentence.strip()
    return bool(s) and len(s) <= _MAX_BOILERPLATE_LEN and bool(_BOILERPLATE_SENTENCE.match(s))


def _pieces(paragraph: str) -> list[str]:
    return [m.group(0) for m in _PIECE.finditer(paragraph) if m.group(0).strip()]


def _strip_paragraph(paragraph: str) -> tuple[str, bool]:
    """Remove boilerplate sentences from the start and end of a paragraph.

    Returns the remaining text and whether anything was removed.
    """
    pieces = _pieces(paragraph)
    if not pieces:
        return paragraph, False
    lo, hi = 0, len(pieces)
    while lo < hi and _is_boilerplate(pieces[lo]):
        lo += 1
    while hi > lo and _is_boilerplate(pieces[hi - 1]):
        hi -= 1
    if lo == 0 and hi == len(pieces):
        return paragraph, False
    return "".join(pieces[lo:hi]).strip(), True


# Paragraphs between two boilerplate paragraphs this close together are the same appeal block.
_SANDWICH_GAP = 4


def strip_boilerplate(paragraphs: list[str]) -> list[str]:
    """Drop boilerplate paragraphs and boilerplate sentences glued to real ones."""
    stripped: list[str] = []
    flagged: list[bool] = []
    for paragraph in paragraphs:
        text, removed = _strip_paragraph(paragraph)
        stripped.append(text)
        # Only a paragraph whose first piece was chrome can open or close an appeal block.
        flagged.append(removed and (not text or _is_boilerplate(_pieces(paragraph)[0])))
    keep = [bool(text) for text in stripped]
    # An appeal is often several paragraphs of which only the first and last carry a stock phrase
    # ("Your support helps us ..." ... "Your support makes all the difference."): drop what lies between.
    marks = [i for i, f in enumerate(flagged) if f]
    for a, b in zip(marks, marks[1:]):
        if 1 < b - a <= _SANDWICH_GAP:
            for i in range(a + 1, b):
                keep[i] = False
    return [text for text, k in zip(stripped, keep) if k]


def _comparable(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`]", "'", s)
    s = re.sub(r"[\u201c\u201d\u201e\u2033]", '"', s)
    return re.sub(r"\W+", " ", s).strip()


_HEADLINE_MAX = 160


def looks_like_headline(paragraph: str) -> bool:
    """A short line without closing punctuation: a headline, not a sentence of reporting."""
    text = paragraph.strip()
    return 0 < len(text) <= _HEADLINE_MAX and not re.search(r"[.!?:;,\"\u201d\u2019')\]]$", text)


def drop_headline(paragraphs: list[str], title: str) -> list[str]:
    """The title is stored separately: drop a leading paragraph that repeats it or reads as a headline.

    Deciding without the title where possible keeps the body (and its hash) the same whatever
    title the article is submitted with.
    """
    if len(paragraphs) < 2:
        return paragraphs
    first = paragraphs[0]
    if (title and _comparable(first) == _comparable(title)) or looks_like_headline(first):
        return paragraphs[1:]
    return paragraphs


# ---------------------------------------------------------------- entry point


@dataclass(frozen=True)
class Cleaned:
    body: str
    source_format: str


def clean(text: str, *, fmt: str = "auto", title: str = "") -> Cleaned:
    """Convert to plain text, normalise whitespace, strip boilerplate and a repeated headline."""
    if fmt not in FORMATS:
        raise IngestError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.", field="fmt")
    source_format = detect_format(text) if fmt == "auto" else fmt
    if source_format == "html":
        plain = html_to_text(text)
    elif source_format == "markdown":
        plain = markdown_to_text(text)
    else:
        plain = text
    paragraphs = drop_headline(split_paragraphs(plain), title)
    paragraphs = strip_boilerplate(paragraphs)
    return Cleaned(body="\n\n".join(paragraphs), source_format=source_format)
