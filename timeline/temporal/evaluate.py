"""Score the tagger on TimeML files as TempEval-3 Task A does (see shared/corpora/README.md).

    python -m timeline.temporal.evaluate PATH... [-v]

relaxed P/R/F1: spans overlap, each gold and system timex matched at most once;
strict F1: identical spans; value accuracy: share of relaxed matches with the
identical TIMEX3 value; value F1 = relaxed F1 x value accuracy; type accuracy
likewise for the type attribute.
"""
from __future__ import annotations

import argparse
import datetime
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A gold TIMEX3 annotation: span in the TEXT content, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class Document:
    """A TimeML document: its name, creation date, plain text and gold timexes."""

    name: str
    dct: datetime.date
    text: str
    gold: list[GoldTimex]


def _parse_dct(value: str) -> datetime.date:
    """Return the day of a TIMEX3 DCT value like 1998-01-08 or 1998-01-08T10:00."""
    return datetime.date.fromisoformat(value[:10])


def load_timeml(path: str | Path) -> Document:
    """Parse one TimeML file with xml.etree: DCT, TEXT content and the TIMEX3s inside TEXT."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed XML ({exc})") from None
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_dct(timex.get("value", ""))
            break
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise ValueError(f"{path}: no <TEXT> element")
    if dct is None:
        raise ValueError(f"{path}: no creation-time TIMEX3 in <DCT>")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        # Offsets count characters of the text content with every tag stripped.
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el is not text_el:
            gold.append(GoldTimex(start, pos, "", el.get("type", ""), el.get("value", "")))

    walk(text_el)
    text = "".join(parts)
    # The span text is filled in once the whole content is known.
    gold = [GoldTimex(g.start, g.end, text[g.start:g.end], g.type, g.value) for g in gold]
    gold.sort(key=lambda g: (g.start, g.end))
    return Document(Path(path).name, dct, text, gold)


def iter_paths(paths: list[str]) -> list[Path]:
    """Expand folders to the sorted .tml/.xml files below them."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in (".tml", ".xml") and f.is_file()))
        else:
            out.append(p)
    return out


def match(gold: list, system: list) -> list[tuple]:
    """Pair gold and system spans one-to-one: identical spans first, then overlapping ones."""
    pairs: list[tuple] = []
    used_g: set[int] = set()
    used_s: set[int] = set()
    by_span = {}
    for j, s in enumerate(system):
        by_span.setdefault((s.start, s.end), []).append(j)
    for i, g in enumerate(gold):
        for j in by_span.get((g.start, g.end), ()):
            if j not in used_s:
                pairs.append((i, j))
                used_g.add(i)
                used_s.add(j)
                break
    for i, g in enumerate(gold):
        if i in used_g:
            continue
        for j, s in enumerate(system):
            if j not in used_s and s.start < g.end and g.start < s.end:
                pairs.append((i, j))
                used_g.add(i)
                used_s.add(j)
                break
    return pairs


@dataclass
class Scores:
    """Counts accumulated over documents and the TempEval-3 figures derived from them."""

    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    value_ok: int = 0
    type_ok: int = 0
    docs: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        """Return the percentages: relaxed P/R/F1, strict P/R/F1, value/type accuracy, value F1."""
        p = self.relaxed / self.system if self.system else 0.0
        r = self.relaxed / self.gold if self.gold else 0.0
        sp = self.strict / self.system if self.system else 0.0
        sr = self.strict / self.gold if self.gold else 0.0
        f1 = self._f1(p, r)
        vacc = self.value_ok / self.relaxed if self.relaxed else 0.0
        tacc = self.type_ok / self.relaxed if self.relaxed else 0.0
        return {
            "relaxed_p": 100 * p, "relaxed_r": 100 * r, "relaxed_f1": 100 * f1,
            "strict_p": 100 * sp, "strict_r": 100 * sr, "strict_f1": 100 * self._f1(sp, sr),
            "value_accuracy": 100 * vacc, "value_f1": 100 * f1 * vacc, "type_accuracy": 100 * tacc,
        }


def score_document(doc: Document, system: list, scores: Scores, verbose: bool = False) -> None:
    """Add one document's counts (and, if verbose, its misses) to scores."""
    scores.docs += 1
    scores.gold += len(doc.gold)
    scores.system += len(system)
    pairs = match(doc.gold, system)
    scores.relaxed += len(pairs)
    matched_g = {i for i, _ in pairs}
    matched_s = {j for _, j in pairs}
    for i, j in pairs:
        g, s = doc.gold[i], system[j]
        scores.strict += (g.start, g.end) == (s.start, s.end)
        scores.value_ok += g.value == s.value
        scores.type_ok += g.type == s.type
        if verbose and (g.value != s.value or (g.start, g.end) != (s.start, s.end)):
            kind = "VALUE" if g.value != s.value else "SPAN"
            scores.misses.append(f"{doc.name} {doc.dct}\t{kind}\tgold {g.text!r} {g.type} {g.value}\tsys {s.text!r} {s.type} {s.value}\t{_context(doc.text, g.start, g.end)}")
    if verbose:
        for i, g in enumerate(doc.gold):
            if i not in matched_g:
                scores.misses.append(f"{doc.name} {doc.dct}\tFN\tgold {g.text!r} {g.type} {g.value}\t\t{_context(doc.text, g.start, g.end)}")
        for j, s in enumerate(system):
            if j not in matched_s:
                scores.misses.append(f"{doc.name} {doc.dct}\tFP\t\tsys {s.text!r} {s.type} {s.value}\t{_context(doc.text, s.start, s.end)}")


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"...{left}[[{text[start:end]}]]{right}..."


def evaluate(paths: list[str], verbose: bool = False) -> Scores:
    """Tag every document under paths and score the result against its gold timexes."""
    from . import tag

    docs = [load_timeml(p) for p in iter_paths(paths)]
    scores = Scores()
    t0 = time.perf_counter()
    results = [tag(d.text, d.dct) for d in docs]
    scores.seconds = time.perf_counter() - t0
    for doc, system in zip(docs, results):
        score_document(doc, system, scores, verbose)
    return scores


def format_scores(scores: Scores) -> str:
    """Render the figures as the printed report lines."""
    f = scores.figures()
    return "\n".join([
        f"relaxed  P {f['relaxed_p']:.1f}  R {f['relaxed_r']:.1f}  F1 {f['relaxed_f1']:.1f}",
        f"strict   P {f['strict_p']:.1f}  R {f['strict_r']:.1f}  F1 {f['strict_f1']:.1f}",
        f"value accuracy {f['value_accuracy']:.1f}  value F1 {f['value_f1']:.1f}  type accuracy {f['type_accuracy']:.1f}",
        f"docs {scores.docs}  gold {scores.gold}  system {scores.system}  seconds {scores.seconds:.2f}",
    ])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m timeline.temporal.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="TimeML files or folders")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every FN, FP and wrong value/span")
    args = parser.parse_args(argv)
    paths = iter_paths(args.paths)
    if not paths:
        parser.error("no TimeML files found")
    for p in paths:
        if not p.is_file():
            parser.error(f"cannot read {p}")
    try:
        scores = evaluate([str(p) for p in paths], args.verbose)
    except (ET.ParseError, ValueError, OSError) as exc:
        parser.error(str(exc))
    if args.verbose:
        for line in scores.misses:
            print(line)
    print(format_scores(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
