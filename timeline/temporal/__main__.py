"""Command line: python -m timeline.temporal --dct 2019-01-24 [FILE] prints the time expressions as JSON."""
from __future__ import annotations

import argparse
import datetime
import json
import sys

from . import tag


def _dct(value: str) -> datetime.date:
    """Parse --dct as an ISO date (YYYY-MM-DD)."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r}: expected YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    """Read the text (FILE or stdin), tag it against --dct, print a JSON array of Timex objects."""
    parser = argparse.ArgumentParser(
        prog="python -m timeline.temporal",
        description="Find the time expressions of an English news text and resolve them to TIMEX3 values.",
    )
    parser.add_argument("--dct", required=True, type=_dct, help="reference (publication) date, YYYY-MM-DD")
    parser.add_argument("file", nargs="?", help="UTF-8 text file to tag (default: standard input)")
    args = parser.parse_args(argv)
    try:
        if args.file is None:
            data = sys.stdin.buffer.read()
            source = "standard input"
        else:
            source = args.file
            with open(args.file, "rb") as fh:
                data = fh.read()
        text = data.decode("utf-8")
    except OSError as exc:
        parser.error(f"cannot read {source}: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        parser.error(f"{source} is not UTF-8 text (byte {exc.start}: {exc.reason})")
    json.dump([t.to_dict() for t in tag(text, args.dct)], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
