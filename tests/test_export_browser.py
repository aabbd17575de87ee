"""The web page in a real headless Chromium (Debian's ``chromium``), driven over the DevTools protocol.

The example page (examples/sweet-crumbs.html) and a hostile map's page load
with no console error and no request but their own file; every stage column
is in the DOM after the script ran; the emotion curve's points sit in their
stage's column; the top of the example page looks like the stored screenshot
(tests/browser/, within a tolerance); it prints to landscape A4 pages, every
block of the grid on a page of its own; nothing a hostile map says runs; the
persona filter works, and the page reads with scripts off.

Skipped, with the reason, when Chromium is not installed (``.ci/run``
installs it). After an intended change to the page's look, refresh the
screenshot with ``CJM_UPDATE_SCREENSHOTS=1 python -m pytest tests/test_export_browser.py``
and look at tests/browser/*.png before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from tests.support.browser import Chromium, chromium_path, difference, pdf_pages
from tests.support.export import HOSTILE_TITLE, hostile_map

from cjm_assistant.domain.model import clean_name
from cjm_assistant.export import from_json, to_html

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install "
                                                                 "chromium; .ci/run does it)")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PAGE = ROOT / "examples" / "sweet-crumbs.html"
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
SCREENSHOTS = Path(__file__).resolve().parent / "browser"
# Cover and personas; the grid (five stages: one block); pain points ranked; the 2x2 and the evidence.
EXAMPLE_PAGES = 4
PAGE_HEIGHT = 190 / 25.4 * 96  # CSS px of a landscape A4 page inside its 10 mm margins
PAGE_WIDTH = 277 / 25.4 * 96

STAGES = "Array.from(document.querySelectorAll('thead th[id^=stage-]'))"
VISIBLE = "(el => el.getClientRects().length > 0)"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Chromium.start(tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "hostile.html"
    path.write_text(to_html(hostile_map()), encoding="utf-8")
    return path


def clean_load(page, path: Path) -> None:
    """No console error or warning, no exception, and no request but the page's own file."""
    assert page.problems() == []
    assert page.requests() == [path.resolve().as_uri()]


def blocks_fit_their_pages(page) -> None:
    """Laid out as printed (a landscape A4 page's width, print styles), every block of the grid is no taller than
    a page, and each starts a page of its own: a stage column is never cut in two."""
    page.send("Emulation.setDeviceMetricsOverride", {"width": round(PAGE_WIDTH), "height": round(PAGE_HEIGHT),
                                                     "deviceScaleFactor": 1, "mobile": False})
    heights = page.print_layout("Array.from(document.querySelectorAll('.grid-block'))"
                                ".map(b => b.getBoundingClientRect().height)")
    assert heights and all(h <= PAGE_HEIGHT for h in heights), heights


def test_the_example_page_loads_cleanly_with_every_stage_a_column(browser):
    journey = from_json(EXAMPLE.read_text(encoding="utf-8"))
    page = browser.open(EXAMPLE_PAGE)

    clean_load(page, EXAMPLE_PAGE)
    names = page.evaluate(f"{STAGES}.map(th => th.firstChild.nextSibling.textContent.trim())")
    assert names == [s.name for s in journey.stages]
    assert page.evaluate("Array.from(document.querySelectorAll('tbody th[scope=row]')).length") >= 8
    assert page.evaluate("document.title") == journey.title
    # Each point of the curve stands in its own stage's column.
    columns = page.evaluate(f"{STAGES}.map(th => [th.getBoundingClientRect().left, th.getBoundingClientRect().right])")
    points = page.evaluate("Array.from(document.querySelectorAll('svg.curve circle'))"
                           ".map(c => (c.getBoundingClientRect().left + c.getBoundingClientRect().right) / 2)")
    assert len(points) == len(columns) and all(left < x < right for x, (left, right) in zip(points, columns))


def test_the_example_page_looks_as_it_did(browser):
    page = browser.open(EXAMPLE_PAGE)
    shot = page.screenshot(scale=0.25)  # the top 1600x1000, stored at 400x250
    reference = SCREENSHOTS / "sweet-crumbs-top.png"
    if os.environ.get("CJM_UPDATE_SCREENSHOTS") == "1" or not reference.exists():
        SCREENSHOTS.mkdir(exist_ok=True)
        reference.write_bytes(shot)
        pytest.skip(f"wrote {reference.name}; look at it and commit it")
    changed = difference(shot, reference.read_bytes())
    assert changed < 0.02, f"{changed:.1%} of the pixels differ from {reference.name}; if the change is intended, " \
                           "run with CJM_UPDATE_SCREENSHOTS=1 and look at the new screenshot"


def test_the_example_page_prints_to_landscape_pages_with_whole_stage_columns(browser):
    page = browser.open(EXAMPLE_PAGE)
    pdf = page.pdf()

    assert pdf_pages(pdf) == EXAMPLE_PAGES
    sizes = {tuple(round(float(n)) for n in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert sizes == {(842, 595)}  # A4, wider than tall
    blocks_fit_their_pages(page)


def test_nothing_a_hostile_map_says_runs_or_loads(browser, hostile_page):
    page = browser.open(hostile_page)

    clean_load(page, hostile_page)
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, link').length") == 0
    assert page.evaluate("document.title") == clean_name(HOSTILE_TITLE)
    assert page.evaluate(f"{STAGES}.length") == 3
    assert page.evaluate("document.querySelector('h1').textContent") == clean_name(HOSTILE_TITLE)
    blocks_fit_their_pages(page)
    assert pdf_pages(page.pdf()) >= 3


def test_the_persona_filter_hides_other_personas_items_and_brings_them_back(browser, hostile_page):
    page = browser.open(hostile_page)
    items = "Array.from(document.querySelectorAll('li[data-personas]'))"
    shown = f"{items}.filter({VISIBLE}).map(li => li.getAttribute('data-personas'))"
    everything = page.evaluate(shown)
    assert page.evaluate(f"{VISIBLE}(document.getElementById('persona-filter'))")
    assert "pe1" in everything and "pe2" in everything

    page.evaluate("document.querySelector('input[value=pe2]').click()")
    assert set(page.evaluate(shown)) == {"", "pe2"}
    assert page.evaluate(f"{STAGES}.map(th => th.classList.contains('other-persona'))") == [False, False, False]
    assert "for other personas hidden" in page.evaluate("document.getElementById('filter-status').textContent")
    page.evaluate("document.querySelector('input[value=pe1]').click()")
    assert set(page.evaluate(shown)) == {"", "pe1"}
    assert page.evaluate(f"{STAGES}.map(th => th.classList.contains('other-persona'))") == [False, True, False]
    page.evaluate("document.querySelector('input[value=\"\"]').click()")
    assert page.evaluate(shown) == everything
    assert page.problems() == []


def test_with_scripts_off_every_item_shows_and_no_filter_does(browser, hostile_page):
    page = browser.open(hostile_page, scripts=False)

    assert not page.evaluate(f"{VISIBLE}(document.getElementById('persona-filter'))")
    assert page.evaluate("Array.from(document.querySelectorAll('li[data-personas]'))"
                         f".every({VISIBLE})")
    assert page.evaluate(f"{STAGES}.length") == 3
    assert page.requests() == [hostile_page.resolve().as_uri()]


def test_the_harness_sees_a_request_and_an_error(browser, tmp_path):
    """The checks above would fail on a page that loads something or throws: they are not vacuous."""
    bad = tmp_path / "bad.html"
    bad.write_text('<img src="https://example.invalid/x.png"><script>throw new Error("boom")</script>',
                   encoding="utf-8")
    page = browser.open(bad)

    assert "https://example.invalid/x.png" in page.requests()
    assert any("boom" in problem for problem in page.problems())
