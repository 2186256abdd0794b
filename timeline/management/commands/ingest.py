"""manage.py ingest: ingest article files (or a seeds manifest) through timeline.services.article_ingest."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from timeline.ingestion.decoding import decode
from timeline.services import IngestError, article_ingest

_EXT_FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
                ".htm": "html"}


def format_for(path: Path, requested: str) -> str:
    return requested if requested != "auto" else _EXT_FORMATS.get(path.suffix.lower(), "auto")


def guess_title(data: bytes, fmt: str) -> str:
    """A title when none is given: the HTML <title>/<h1>, else the first non-empty line."""
    try:
        text = decode(data)
    except IngestError:
        return ""
    if fmt == "html" or (fmt == "auto" and re.search(r"<(html|title|h1)[\s>]", text[:5000], re.I)):
        m = re.search(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", text, re.I | re.S)
        if m:
            return " ".join(re.sub(r"<[^>]+>", " ", m.group(1) or m.group(2)).split())
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:500]
    return ""


class Command(BaseCommand):
    help = (
        "Ingest article files (plain text, Markdown or HTML) into the timeline: clean, tag time expressions, "
        "extract and merge events. Either FILE... with --published YYYY-MM-DD (and optional --title, --outlet, "
        "--url, --format), or --manifest seeds/manifest.json whose entries give file (relative to the "
        "manifest), title, outlet, url, published, language. Re-ingesting the same text is a no-op. "
        "--json prints a summary per file on stdout; errors exit non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE", help="Article files to ingest.")
        parser.add_argument("--manifest", help="JSON manifest: a list of {file, title, outlet, url, published, language}.")
        parser.add_argument("--published", help="Publication date YYYY-MM-DD (required with FILE...).")
        parser.add_argument("--title", help="Article title (default: the file's first line or HTML <title>).")
        parser.add_argument("--outlet", default="", help="Publisher, e.g. 'The Independent'.")
        parser.add_argument("--url", default="", help="Original URL of the article.")
        parser.add_argument("--language", default="en", help="Language code (default: en).")
        parser.add_argument(
            "--format", dest="fmt", default="auto", choices=["auto", "text", "markdown", "html"],
            help="Input format (default: from the file extension, else detected).",
        )
        parser.add_argument("--json", action="store_true", help="Print a JSON summary on stdout.")

    def handle(self, *args, files, manifest, published, title, outlet, url, language, fmt, json: bool, **options):
        jobs = self._jobs(files=files, manifest=manifest, published=published, title=title, outlet=outlet, url=url,
                          language=language, fmt=fmt)
        from tqdm import tqdm

        summary, failures = [], []
        progress = tqdm(jobs, desc="Ingesting", unit="file", file=self.stderr._out, disable=len(jobs) < 2,
                        dynamic_ncols=True)
        for job in progress:
            path: Path = job["path"]
            entry = {"file": str(job["display"])}
            try:
                data = self._read(path)
                result = article_ingest(
                    text=data, published=job["published"], title=job["title"] or guess_title(data, job["fmt"]) or path.stem,
                    outlet=job["outlet"], url=job["url"], language=job["language"], fmt=job["fmt"],
                )
            except IngestError as exc:
                failures.append(f"{job['display']}: {exc.message}")
                entry.update(status="error", error=exc.message, field=exc.field)
                summary.append(entry)
                continue
            entry.update(
                status="created" if result.created else "skipped",
                article_id=result.article.pk,
                events_created=[e.pk for e in result.events_created],
                events_merged=[e.pk for e in result.events_merged],
                mentions=len(result.mentions),
                message=result.message,
            )
            summary.append(entry)
            if not json:
                progress.write(f"{job['display']}: {result.message}", file=self.stdout._out)
        if json:
            import json as jsonlib

            self.stdout.write(jsonlib.dumps(summary, indent=2, ensure_ascii=False))
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(jobs)} file(s) not ingested:\n  " + "\n  ".join(failures)
            )

    def _read(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            limit = settings.TIMELINE_MAX_UPLOAD_BYTES
            if size > limit:
                # Read no more than needed to let the service word the error.
                with path.open("rb") as fh:
                    return fh.read(limit + 1)
            return path.read_bytes()
        except OSError as exc:
            raise IngestError(f"cannot read the file ({exc.strerror}).") from None

    def _jobs(self, *, files, manifest, published, title, outlet, url, language, fmt) -> list[dict]:
        if manifest and files:
            raise CommandError("Give either FILE... or --manifest, not both.")
        if manifest:
            return self._manifest_jobs(Path(manifest))
        if not files:
            raise CommandError("Nothing to ingest: give FILE... with --published YYYY-MM-DD, or --manifest FILE.")
        if not published:
            raise CommandError("--published YYYY-MM-DD is required when ingesting files.")
        jobs = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            jobs.append(dict(path=path, display=name, published=published, title=title, outlet=outlet, url=url,
                             language=language, fmt=format_for(path, fmt)))
        return jobs

    def _manifest_jobs(self, manifest: Path) -> list[dict]:
        try:
            entries = json.loads(manifest.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{manifest}: cannot read the manifest ({exc.strerror}).") from None
        except ValueError as exc:
            raise CommandError(f"{manifest}: not valid JSON ({exc}).") from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise CommandError(f"{manifest}: expected a JSON list of objects.")
        jobs = []
        for i, entry in enumerate(entries, 1):
            if not entry.get("file"):
                raise CommandError(f"{manifest}: entry {i} has no 'file'.")
            path = (manifest.parent / entry["file"]).resolve()
            if not path.is_file():
                raise CommandError(f"{manifest}: entry {i}: {entry['file']} not found next to the manifest.")
            jobs.append(dict(
                path=path, display=entry["file"], published=entry.get("published") or "",
                title=entry.get("title") or "", outlet=entry.get("outlet") or "", url=entry.get("url") or "",
                language=entry.get("language") or "en", fmt=format_for(path, entry.get("format") or "auto"),
            ))
        return jobs
