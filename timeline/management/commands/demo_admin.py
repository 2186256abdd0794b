"""Create (or reset) the local demo admin account and print how to log in."""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create or reset a local demo admin account (username 'demo', password from DEMO_ADMIN_PASSWORD "
        "or freshly generated) and print the credentials and the admin URL. Refuses to run with "
        "DJANGO_DEBUG=0 unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo", help="Account name (default: demo).")
        parser.add_argument(
            "--url",
            default=os.environ.get("DEMO_ADMIN_URL", "http://127.0.0.1:8000/admin/"),
            help="Admin URL to print (default: http://127.0.0.1:8000/admin/ or DEMO_ADMIN_URL).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off. A known-password superuser on a public server is a hole.",
        )

    def handle(self, *args, username: str, url: str, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create a demo admin account with DJANGO_DEBUG=0 (this looks like production). "
                "Use `manage.py createsuperuser` for real accounts, or pass --force if you are sure."
            )
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = True
            user.is_active = True
            user.set_password(password)
            user.save()
        verb = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{verb} the local demo admin account."))
        self.stdout.write(f"  URL:      {url}")
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
