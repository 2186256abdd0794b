"""The demo_admin command: a working local admin login, printed, never silently on production."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(**kwargs) -> str:
    out = io.StringIO()
    call_command("demo_admin", stdout=out, **kwargs)
    return out.getvalue()


def printed_password(output: str) -> str:
    match = re.search(r"password: (\S+)", output)
    assert match, output
    return match.group(1)


def test_creates_a_staff_superuser_whose_printed_password_logs_in(client, settings):
    """The printed credentials are the ones that work on the admin login."""
    settings.DEBUG = True
    output = run()
    assert "username: demo" in output
    assert "http://127.0.0.1:8000/admin/" in output
    password = printed_password(output)
    user = get_user_model().objects.get(username="demo")
    assert user.is_staff and user.is_superuser and user.is_active
    assert client.login(username="demo", password=password)
    assert client.get("/admin/timeline/event/").status_code == 200


def test_password_comes_from_env_when_set(monkeypatch, settings):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-known-demo-password")
    output = run()
    assert printed_password(output) == "a-known-demo-password"
    assert get_user_model().objects.get(username="demo").check_password("a-known-demo-password")


def test_rerun_resets_the_account_instead_of_failing(monkeypatch, settings):
    """Running `make demo` twice must work: the second run resets password and flags."""
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    first = printed_password(run())
    user = get_user_model().objects.get(username="demo")
    user.is_staff = False
    user.save()
    second_output = run()
    second = printed_password(second_output)
    assert "Reset" in second_output
    assert first != second  # generated afresh each time
    user.refresh_from_db()
    assert user.is_staff and user.check_password(second) and not user.check_password(first)
    assert get_user_model().objects.filter(username="demo").count() == 1


def test_refuses_when_debug_is_off(settings):
    """With DJANGO_DEBUG=0 a known-password superuser would be a hole; nothing is created."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        run()
    assert not get_user_model().objects.filter(username="demo").exists()


def test_force_overrides_the_debug_guard(settings):
    settings.DEBUG = False
    run(force=True)
    assert get_user_model().objects.filter(username="demo", is_superuser=True).exists()
