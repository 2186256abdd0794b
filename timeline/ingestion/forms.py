"""The staff ingestion form: paste text or upload a .txt/.md/.html file, with the article's metadata."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from .decoding import human_size

UPLOAD_FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
                  ".htm": "html"}


class IngestForm(forms.Form):
    text = forms.CharField(
        label="Article text", required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "Paste the article (plain text, Markdown or HTML)"}),
        help_text="Paste the article, or upload a file below.",
    )
    file = forms.FileField(
        label="Or upload a file", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"}),
        help_text=".txt, .md or .html, UTF-8 (or UTF-16 with BOM).",
    )
    title = forms.CharField(label="Title", max_length=500)
    outlet = forms.CharField(label="Outlet", max_length=200, help_text="Publisher, e.g. The Independent.")
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    published = forms.DateField(
        label="Publication date", input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Relative dates in the text (“last week”) are resolved against it.",
        error_messages={"invalid": "Enter the publication date as YYYY-MM-DD."},
    )
    fmt = forms.ChoiceField(
        label="Format", initial="auto",
        choices=[("auto", "Detect"), ("text", "Plain text"), ("markdown", "Markdown"), ("html", "HTML")],
        help_text="Uploaded files are read by their extension.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in UPLOAD_FORMATS:
            raise forms.ValidationError("Upload a .txt, .md or .html file.")
        limit = settings.TIMELINE_MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"The file is too large ({human_size(upload.size)}); the limit is {human_size(limit)}."
            )
        return upload

    def clean(self):
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        has_file = bool(data.get("file"))
        if "file" in self.errors:
            return data
        if has_text and has_file:
            raise forms.ValidationError("Paste text or upload a file, not both.")
        if not has_text and not has_file:
            self.add_error("text", "Paste the article text or upload a file.")
        return data

    def source(self) -> tuple[str | bytes, str, str]:
        """(text or file bytes, format, the form field that holds it) after is_valid()."""
        upload = self.cleaned_data.get("file")
        if upload:
            limit = settings.TIMELINE_MAX_UPLOAD_BYTES
            data = upload.read(limit + 1)
            suffix = Path(upload.name).suffix.lower()
            return data, UPLOAD_FORMATS[suffix], "file"
        return self.cleaned_data["text"], self.cleaned_data.get("fmt") or "auto", "text"
