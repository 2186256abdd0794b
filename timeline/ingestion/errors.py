"""The validation error every ingestion entrypoint shows to its user."""

from __future__ import annotations


class IngestError(ValueError):
    """Bad input: .message is shown to the user, .field names the form field it belongs to."""

    def __init__(self, message: str, *, field: str = "text") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
