"""manage.py export_events: print events with their sources as a JSON array."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from timeline.export import event_records
from timeline.models import Event, Status


class Command(BaseCommand):
    help = (
        "Print events as a JSON array, one object per event (id, title, kind, modality, status, earliest, latest, "
        "precision, label, place, actors, topics, sources[] with article_id, title, outlet, published, url, "
        "sentence, expression, value), ordered by date. --status filters (default: any)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status", default="any", choices=[*Status.values, "any"],
            help="Only events with this curation status (default: any).",
        )
        parser.add_argument("--format", dest="fmt", default="json", choices=["json"], help="Output format (json).")

    def handle(self, *args, status: str, fmt: str, **options):
        events = Event.objects.order_by("earliest", "latest", "id")
        if status != "any":
            events = events.filter(status=status)
        self.stdout.write(json.dumps(event_records(events), indent=2, ensure_ascii=False))
