"""Login throttling: django-axes' lockout check as the first authentication backend."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuse logins for a locked-out username + IP; calls without an HTTP request are not throttled.

    Axes refuses ``authenticate()`` without a request. Only HTTP logins can be brute-forced from
    outside, so management commands and ``Client.login()`` in tests (which pass no request) go
    straight to the model backend instead of crashing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
