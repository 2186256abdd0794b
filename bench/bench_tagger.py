"""Benchmark: tag the whole TBAQ corpus with our tagger and with raw dateparser.search_dates, same run.

    .venv/bin/python bench/bench_tagger.py [CORPUS_DIR]

Prints the seconds each takes and their ratio (dateparser / ours).
"""
from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.temporal import tag  # noqa: E402
from timeline.temporal.evaluate import iter_paths, load_timeml  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "tbaq"


def main() -> int:
    """Time both taggers over the corpus and print the figures."""
    import dateparser.search

    corpus = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT_CORPUS)
    docs = [load_timeml(p) for p in iter_paths([corpus])]
    chars = sum(len(d.text) for d in docs)

    # Warm both up outside the timings (regex compilation, dateparser's language data).
    tag("on Friday", datetime.date(2019, 1, 24))
    dateparser.search.search_dates("on Friday", languages=["en"])

    t0 = time.perf_counter()
    ours = sum(len(tag(d.text, d.dct)) for d in docs)
    t_ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    theirs = 0
    for d in docs:
        base = datetime.datetime.combine(d.dct, datetime.time())
        found = dateparser.search.search_dates(d.text, languages=["en"], settings={"RELATIVE_BASE": base})
        theirs += len(found or [])
    t_dp = time.perf_counter() - t0

    print(f"corpus: {len(docs)} docs, {chars} characters")
    print(f"timeline.temporal.tag       {t_ours:7.2f} s  ({ours} timexes)")
    print(f"dateparser.search_dates     {t_dp:7.2f} s  ({theirs} dates)")
    print(f"ratio dateparser/ours       {t_dp / t_ours:7.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
