"""Deployment: `check --deploy` is clean in production mode, CSP is strict, HSTS and secure cookies follow env."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


def run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    full.update(env)
    full["DJANGO_SETTINGS_MODULE"] = "timeline.settings"
    full.setdefault("TIMELINE_SQLITE_PATH", str(tmp_path / "deploy.sqlite3"))
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_documented_production_settings(tmp_path):
    """The README's production variables give `manage.py check --deploy` no warning at all."""
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stderr.upper()


def test_production_refuses_to_start_with_the_development_secret_key(tmp_path):
    """DEBUG off without DJANGO_SECRET_KEY is a configuration error, not a silently weak key."""
    done = run(["manage.py", "check"], {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.org"}, tmp_path)
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


SETTINGS_PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
    "'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT']}))"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # Production defaults: everything on.
        ({}, {"SECURE_HSTS_SECONDS": 31536000, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
              "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_PRELOAD": True}),
        # A site first trying HTTPS can start with a short HSTS and no preload.
        ({"DJANGO_HSTS_SECONDS": "300", "DJANGO_HSTS_PRELOAD": "0", "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "0"},
         {"SECURE_HSTS_SECONDS": 300, "SECURE_HSTS_PRELOAD": False, "SECURE_HSTS_INCLUDE_SUBDOMAINS": False}),
        # TLS terminated elsewhere on a private network: secure cookies and the redirect can be switched off.
        ({"DJANGO_SECURE_COOKIES": "0", "DJANGO_SECURE_SSL_REDIRECT": "0"},
         {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False, "SECURE_SSL_REDIRECT": False}),
    ],
    ids=["defaults", "short-hsts", "no-secure-cookies"],
)
def test_hsts_and_secure_cookies_are_configurable_from_env(tmp_path, env, expected):
    """Each hardening setting follows its environment variable in production mode."""
    done = run(["-c", SETTINGS_PROBE], {**PRODUCTION_ENV, **env}, tmp_path)
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    assert values["DEBUG"] is False
    for key, value in expected.items():
        assert values[key] == value, key


def test_development_defaults_do_not_force_https(tmp_path):
    """Locally (DEBUG on) nothing redirects to HTTPS or pins HSTS in the developer's browser."""
    done = run(["-c", SETTINGS_PROBE], {}, tmp_path)
    values = json.loads(done.stdout)
    assert values["DEBUG"] is True
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_SSL_REDIRECT"] is False


def test_hsts_header_sent_over_https(client, settings, db):
    """With HSTS configured, HTTPS responses carry Strict-Transport-Security; secure cookies are marked."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("admin:login"), secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["csrftoken"]["secure"]


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


CSP_PAGES = [("anonymous", "index"), ("anonymous", "admin:login"), ("staff", "admin:index"), ("staff", "ingest")]


@pytest.mark.parametrize(("who", "name"), CSP_PAGES)
def test_csp_header_forbids_inline_and_eval_script(client, staff_user, who, name):
    """Every page is served with a CSP whose scripts come only from our origin, never inline or eval'd."""
    if who == "staff":
        client.force_login(staff_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    csp = parse_csp(header)
    script_src = csp.get("script-src", csp.get("default-src"))
    # Only our origin (and per-response nonces, should a page ever need one).
    assert "'self'" in script_src
    assert all(src == "'self'" or src.startswith("'nonce-") for src in script_src), script_src
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in header
    assert "'wasm-unsafe-eval'" not in header
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
HTMX_EVAL = re.compile(r"\s(?:hx-on[:\-\w]*|hx-vars|hx-trigger=\"[^\"]*\[)", re.I)


@pytest.mark.parametrize("name", ["index", "ingest"])
def test_our_pages_have_no_inline_script_the_csp_would_block(staff_client, name):
    """The templates use only external scripts and JSON data blocks: no inline code, handlers or js: URLs."""
    html = staff_client.get(reverse(name)).content.decode()
    assert not INLINE_SCRIPT.findall(html)
    assert not INLINE_HANDLER.findall(html)
    assert not JS_URL.findall(html)
    # hx-on and hx-vars evaluate attribute text as JavaScript, which allowEval=false turns off.
    assert not HTMX_EVAL.findall(html)


def test_htmx_is_configured_without_eval(client, db):
    """htmx's allowEval is off (no attribute is ever turned into code, even if CSP were relaxed)."""
    html = client.get(reverse("index")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'", html)
    assert config, "no htmx-config meta tag"
    values = json.loads(config.group(1))
    assert values["allowEval"] is False
    # htmx never sends requests (with our CSRF header) to another origin.
    assert values["selfRequestsOnly"] is True
