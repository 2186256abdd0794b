"""Temporal tagger for news English: find time expressions and normalise them to TIMEX3.

Pure Python, no Django import.  Usage::

    from timeline.temporal import tag, Timex
    tag("He said on Wednesday ...", datetime.date(2019, 1, 24))

Command line: ``python -m timeline.temporal --dct 2019-01-24 [FILE]`` prints JSON;
``python -m timeline.temporal.evaluate PATH... [-v]`` scores TimeML files (TempEval-3 Task A).

Modules: model (Timex), lexicon (word lists), grammar (patterns, master regex),
context (sentences and tense), resolve (one normaliser per rule), timex3 (values
and day ranges), tagger (the scan), evaluate (the scorer), __main__ (the CLI).
"""
from .model import Timex
from .tagger import tag

__all__ = ["Timex", "tag"]
