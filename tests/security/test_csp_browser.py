"""Under the real Content-Security-Policy, Chromium draws the chart, opens drill-downs and filters, with no violation."""

from __future__ import annotations

import re
import time

import pytest

from timeline.models import Event, Status
from timeline.services import article_ingest

# serialized_rollback, as in every live-server test of the "browser" group: the other tests on that worker
# restore the database from its serialized copy, which fails if a plain flush has re-created content types.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Registered before any page script runs (Playwright injects it over CDP, outside the page's CSP).
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""
MARKER_IDS = """
() => {
  const gd = document.getElementById('timeline-chart');
  if (!gd || gd.dataset.rendered !== '1' || !gd._fullData) return null;
  const ids = [];
  for (const t of gd._fullData) {
    if (t.type === 'bar' || !t.customdata) continue;
    for (const v of t.customdata) if (typeof v === 'number') ids.push(v);
  }
  return ids;
}
"""
MARKER_POSITION = """
(id) => {
  const gd = document.getElementById('timeline-chart');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
  for (const t of gd._fullData) {
    if (t.type === 'bar' || !t.customdata) continue;
    const i = t.customdata.indexOf(id);
    if (i >= 0) return {x: box.left + xa._offset + xa.l2p(xa.d2l(t.x[i])), y: box.top + ya._offset + ya.l2p(ya.d2l(t.y[i]))};
  }
  return null;
}
"""


@pytest.fixture
def archive(transactional_db, seed_text, seed_published, staff_user):
    """The seed article through the real ingestion, every event approved."""
    article_ingest(text=seed_text, published=seed_published, title="Kim enjoys Trump letter", outlet="The Independent")
    Event.objects.update(status=Status.APPROVED)
    assert Event.objects.count() >= 2
    return Event.objects.all()


class CspWatch:
    """Violations from the securitypolicyviolation event and from Chromium's console, plus page errors."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", lambda m: "Content Security Policy" in m.text and self.console.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []")) + self.console


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def poll(page, script: str, *, timeout: float = 15.0):
    """Poll a JS expression from Python (wait_for_function evaluates strings, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out polling {script[:60]}")


def test_chart_drilldown_and_filters_work_under_strict_csp(live_server, page, archive):
    """The reader's whole path (chart, click, sources, filter) raises no CSP violation and no JS error."""
    watch = CspWatch(page)
    response = page.goto(live_server.url + "/")
    csp = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self'(;|$)", csp), csp
    assert "unsafe-eval" not in csp

    # Plotly's eval-free basic bundle from our own static files draws the figure.
    sources = page.evaluate("Array.from(document.scripts).map(s => s.src)")
    assert any(re.search(r"/static/vendor/plotly-basic[^/]*\.js", s) for s in sources), sources
    ids = poll(page, MARKER_IDS)
    assert page.locator("#timeline-chart .main-svg").count() >= 1

    # A real mouse click on a marker loads the sources fragment with htmx.
    point = page.evaluate(MARKER_POSITION, ids[0])
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    page.locator("#drilldown .source__sentence mark").first.wait_for()

    # A filter (checkbox -> htmx request -> new list and chart).
    kind = Event.objects.get(pk=ids[0]).kind
    page.locator(f'input[name="kind"][value="{kind}"]').check()
    page.wait_for_url(re.compile(rf"kind={kind}"))
    poll(page, MARKER_IDS)
    expected = Event.objects.filter(kind=kind).count()
    deadline = time.monotonic() + 10
    while page.locator(".event-link").count() != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert page.locator(".event-link").count() == expected

    assert watch.violations() == []
    assert watch.errors == []


def test_staff_pages_work_under_strict_csp(live_server, page, archive, staff_user):
    """Admin login, the event changelist and the ingest page load their scripts without a violation."""
    watch = CspWatch(page)
    page.goto(live_server.url + "/admin/login/?next=/admin/timeline/event/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass-123")
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/timeline/event/"))
    page.locator("#result_list").wait_for()
    page.goto(live_server.url + f"/admin/timeline/event/{archive.first().pk}/change/")
    page.locator("form#event_form").wait_for()
    page.goto(live_server.url + "/ingest/")
    page.locator("form.ingest-form").wait_for()
    assert watch.violations() == []
    assert watch.errors == []


def test_the_violation_collector_does_catch_inline_script(live_server, page, archive):
    """Control: an injected inline script is blocked and reported, so an empty list above means something."""
    watch = CspWatch(page)
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    poll(page, "window.__cspViolations.length > 0", timeout=5)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in watch.violations())
