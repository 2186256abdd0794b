"""The timeline in Chromium: the chart draws, a real click on a marker opens the sources, filters and Back work."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.ui.factories import make_article, make_event

D = datetime.date
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Screen position of one event's marker, from Plotly's own axis conversions and the plot area offsets.
MARKER_POSITION_JS = """
(id) => {
  const gd = document.getElementById('timeline-chart');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.getBoundingClientRect();
  for (const trace of gd._fullData) {
    if (!trace.customdata || trace.type === 'bar') continue;
    const i = trace.customdata.indexOf(id);
    if (i < 0) continue;
    return {
      x: box.left + xa._offset + xa.l2p(xa.d2l(trace.x[i])),
      y: box.top + ya._offset + ya.l2p(ya.d2l(trace.y[i])),
    };
  }
  return null;
}
"""
PLOTTED_IDS_JS = """
() => {
  const gd = document.getElementById('timeline-chart');
  if (!gd || gd.dataset.rendered !== '1' || !gd._fullData) return null;
  const ids = [];
  for (const t of gd._fullData) for (const v of (t.customdata || [])) if (typeof v === 'number') ids.push(v);
  return ids.sort((a, b) => a - b);
}
"""


@pytest.fixture
def archive(transactional_db):
    """A small approved archive: markers and range bars in three kinds, one candidate that must stay hidden."""
    early = make_article(title="Second summit announced", published=D(2019, 1, 19), outlet="Wire A")
    late = make_article(title="Hanoi talks end without deal", published=D(2019, 3, 1), outlet="Wire B")
    events = {
        "summit": make_event(
            title="Second Trump-Kim summit", kind="summit", earliest=D(2019, 2, 27), precision="day",
            label="27 February 2019", actors=("Donald Trump", "Kim Jong-un"), place="Hanoi",
            mentions=[(late, "The leaders met on 27 February in Hanoi.", "27 February"),
                      (early, "A second summit will be held in late February, the White House said.", "late February")],
        ),
        "singapore": make_event(
            title="Singapore summit", kind="summit", earliest=D(2018, 6, 12), label="12 June 2018",
            mentions=[(early, "The first summit took place on June 12 last year.", "June 12 last year")],
        ),
        "letter": make_event(
            title="Letter from Trump", kind="letter", earliest=D(2019, 1, 21), latest=D(2019, 1, 27),
            precision="week", label="this week",
            mentions=[(early, "Kim received an excellent letter this week.", "this week")],
        ),
        "talks": make_event(
            title="Working-level talks", kind="talks", modality="scheduled", earliest=D(2019, 10, 5),
            label="5 October 2019",
            mentions=[(late, "Talks are planned for October 5.", "October 5")],
        ),
    }
    make_event(title="Hidden candidate", kind="summit", status="candidate", earliest=D(2019, 3, 3))
    return events


class Watch:
    """Console errors, uncaught exceptions and dialogs seen by a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def wait_for_chart(page, expected_ids=None, timeout: float = 15.0):
    """Poll the plotted event ids (Python-side polling: wait_for_function would need eval, which our CSP forbids)."""
    deadline = time.monotonic() + timeout
    ids = None
    while time.monotonic() < deadline:
        try:
            ids = page.evaluate(PLOTTED_IDS_JS)
        except PlaywrightError:
            # Back/forward reloads the page from the server; the old document may vanish mid-call.
            ids = None
        if ids is not None and (expected_ids is None or ids == sorted(expected_ids)):
            return ids
        page.wait_for_timeout(100)
    raise AssertionError(f"chart shows {ids}, expected {expected_ids}")


def click_marker(page, event_id):
    point = page.evaluate(MARKER_POSITION_JS, event_id)
    assert point is not None, f"event {event_id} has no marker on the chart"
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])


def test_chart_click_filter_and_back(live_server, page, archive, artifacts_dir):
    """Chart renders; a real click on a marker opens its sources; a kind filter redraws; Back restores."""
    watch = Watch(page)
    page.goto(live_server.url + "/")
    visible = sorted(e.pk for e in archive.values())
    assert wait_for_chart(page) == visible  # the candidate is not plotted
    assert page.evaluate("document.getElementById('timeline-chart').data.length") >= 3
    # Markers are SVG points: day-precise events; bars: the week-precise letter.
    assert page.locator("#timeline-chart .scatterlayer .point").count() >= 3
    assert page.locator("#timeline-chart .barlayer .point").count() >= 1
    page.screenshot(path=str(artifacts_dir / "timeline-page.png"), full_page=True)

    summit = archive["summit"]
    click_marker(page, summit.pk)
    mark = page.locator("#drilldown .source__sentence mark").first
    mark.wait_for()
    assert mark.inner_text() == "late February"  # oldest source first
    assert page.locator("#drilldown .source").count() == 2
    page.wait_for_url(re.compile(rf"/events/{summit.pk}/$"))
    page.locator("#drilldown").screenshot(path=str(artifacts_dir / "timeline-drilldown.png"))
    page.screenshot(path=str(artifacts_dir / "timeline-page-with-drilldown.png"), full_page=True)

    page.locator("label", has_text="letter").first.click()
    assert wait_for_chart(page, [archive["letter"].pk]) == [archive["letter"].pk]
    page.wait_for_url(re.compile(r"/\?kind=letter$"))
    assert page.locator(".event-link").count() == 1

    page.go_back()
    page.wait_for_url(re.compile(rf"/events/{summit.pk}/$"))
    page.wait_for_load_state("load")
    assert wait_for_chart(page, visible) == visible
    page.locator("#drilldown .source__sentence mark").first.wait_for()
    page.go_back()
    page.wait_for_url(live_server.url + "/")
    page.wait_for_load_state("load")
    assert wait_for_chart(page, visible) == visible
    assert page.locator("#drilldown mark").count() == 0
    assert watch.errors == [] and watch.dialogs == []


def test_list_link_opens_drilldown_with_htmx_and_keyboard(live_server, page, archive):
    """The list is the chart's accessible twin: Enter on a link swaps in the sources without a reload."""
    watch = Watch(page)
    page.goto(live_server.url + "/")
    wait_for_chart(page)
    page.evaluate("window.__sameDocument = true")
    link = page.locator(f'.event-link[data-event-id="{archive["letter"].pk}"]')
    link.focus()
    page.keyboard.press("Enter")
    page.locator("#drilldown mark", has_text="this week").wait_for()
    assert page.evaluate("window.__sameDocument") is True  # htmx swap, not a navigation
    assert link.get_attribute("aria-current") == "true"
    page.wait_for_url(re.compile(rf"/events/{archive['letter'].pk}/$"))
    assert watch.errors == []


def test_bar_click_opens_range_event(live_server, page, archive):
    """Range bars are clickable too: the week-precise letter opens its source."""
    page.goto(live_server.url + "/")
    wait_for_chart(page)
    point = page.evaluate(
        """(id) => {
          const gd = document.getElementById('timeline-chart');
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
          for (const t of gd._fullData) {
            if (t.type !== 'bar' || !t.customdata) continue;
            const i = t.customdata.indexOf(id);
            if (i < 0) continue;
            const mid = xa.d2l(t.base[i]) + t.x[i] / 2;
            return {x: box.left + xa._offset + xa.l2p(mid), y: box.top + ya._offset + ya.l2p(t.y[i])};
          }
          return null;
        }""",
        archive["letter"].pk,
    )
    assert point
    page.mouse.click(point["x"], point["y"])
    page.locator("#drilldown mark", has_text="this week").wait_for()


def test_without_javascript_the_filter_form_and_links_work(live_server, browser, archive):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.locator("label", has_text="letter").first.click()
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url(re.compile(r"kind=letter"))
        assert page.locator(".event-link").count() == 1
        page.locator(".event-link").first.click()
        page.wait_for_url(re.compile(rf"/events/{archive['letter'].pk}/"))
        assert page.locator("#drilldown mark").first.inner_text() == "this week"
    finally:
        context.close()


def test_phone_width_screenshot(live_server, browser, archive, artifacts_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        wait_for_chart(page)
        # Nothing wider than the screen: no horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(artifacts_dir / "timeline-phone.png"), full_page=True)
    finally:
        context.close()
