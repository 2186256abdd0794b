"""Temporal tagger for news English: find time expressions and normalise them to TIMEX3.

Pure Python, no Django import.  Usage::

    from timeline.temporal import tag, Timex
    tag("He said on Wednesday ...", datetime.date(2019, 1, 24))
"""
from .model import Timex
from .tagger import tag

__all__ = ["Timex", "tag"]
