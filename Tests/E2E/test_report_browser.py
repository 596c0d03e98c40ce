"""The HTML impact report, as a person sees it: a generated 20-person pilot (`flowcoach
sample-pilot`) rendered by `flowcoach report --format html`, opened in headless Chromium. Checks
the laid-out page, not the markup: no two pieces of text overlap, no text leaves its chart, every
chart names its axes, weeks are dated and the figures are real. Needs the Debian packages
chromium and chromium-driver; nothing is fetched (the page is a file:// URL with no script)."""
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from harness import REPO, FlowCoach

SCREENSHOT = "/tmp/flowcoach-report.png"

# Every visible text box on the page: SVG <text> and the text inside table cells (measured with
# a Range, so a cell's padding does not count), with the chart it belongs to.
TEXT_BOXES_JS = """
const boxes = [];
const add = (element, rect, kind, text) => {
  if (rect.width <= 0 || rect.height <= 0) return;
  const svg = element.closest('svg');
  boxes.push({kind, text, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom,
              chart: svg ? Array.from(document.querySelectorAll('svg')).indexOf(svg) : -1});
};
document.querySelectorAll('svg text').forEach(t => {
  if (t.textContent.trim()) add(t, t.getBoundingClientRect(), 'svg-text', t.textContent.trim());
});
document.querySelectorAll('th, td').forEach(cell => {
  if (!cell.textContent.trim()) return;
  const range = document.createRange();
  range.selectNodeContents(cell);
  // A wrapped cell has one rect per line; each is a text box.
  Array.from(range.getClientRects()).forEach(r => add(cell, r, cell.tagName.toLowerCase(), cell.textContent.trim()));
});
return boxes;
"""

SHAPES_JS = """
return Array.from(document.querySelectorAll('svg .goal-bar, svg .marker')).map(e => {
  const r = e.getBoundingClientRect();
  return {kind: e.getAttribute('class'), left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          legend: !!e.closest('.legend-item')};
});
"""

CHARTS_JS = """
return Array.from(document.querySelectorAll('svg')).map(svg => {
  const r = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll('text')).map(t => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent.trim(), cls: t.getAttribute('class') || '', left: b.left, top: b.top, right: b.right, bottom: b.bottom};
  });
  return {label: svg.getAttribute('aria-label'), cls: svg.getAttribute('class') || '',
          left: r.left, top: r.top, right: r.right, bottom: r.bottom, texts};
});
"""

TOLERANCE = 1.0  # pixels of overlap forgiven (anti-aliasing, rounding)


def overlap(a, b):
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return width > TOLERANCE and height > TOLERANCE


@pytest.fixture(scope="module")
def report():
    """The sample pilot's HTML report, and the window it covers."""
    work = tempfile.mkdtemp(prefix="flowcoach-report-")
    state, html = os.path.join(work, "state"), os.path.join(work, "report.html")
    binary = FlowCoach.BINARY
    run = subprocess.run([binary, "sample-pilot", "--root", REPO, "--people", "20", "--weeks", "6", "--state", state],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    again = subprocess.run([binary, "sample-pilot", "--root", REPO, "--state", state], capture_output=True, text=True, timeout=60)
    assert again.returncode != 0 and "not empty" in again.stderr, "it must refuse to write into existing state"
    run = subprocess.run([binary, "report", "--root", REPO, "--state", state, "--since", "6w", "--format", "html",
                          "--out", html, "--min-group", "3"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    yield html
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver_path = shutil.which("chromedriver")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert driver_path and chromium, "install the Debian packages chromium and chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--force-device-scale-factor=1", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser, html, width):
    browser.set_window_size(width, 1000)
    browser.get("file://" + html)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, height + 140)
    return browser


def layout_problems(browser):
    """Overlapping text, text outside its chart, text over bars or markers, a page wider than the window."""
    problems = []
    boxes = browser.execute_script(TEXT_BOXES_JS)
    assert len(boxes) > 50, "the page shows text"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if overlap(a, b):
                problems.append(f"text overlaps: {a['text']!r} ({a['kind']}) and {b['text']!r} ({b['kind']})")
    for chart in browser.execute_script(CHARTS_JS):
        for text in chart["texts"]:
            if text["text"] and (text["left"] < chart["left"] - TOLERANCE or text["right"] > chart["right"] + TOLERANCE
                                 or text["top"] < chart["top"] - TOLERANCE or text["bottom"] > chart["bottom"] + TOLERANCE):
                problems.append(f"text leaves the chart {chart['label']!r}: {text['text']!r}")
    shapes = browser.execute_script(SHAPES_JS)
    for box in (b for b in boxes if b["kind"] == "svg-text"):
        for shape in shapes:
            if shape["legend"]:
                continue
            if overlap(box, shape):
                problems.append(f"text {box['text']!r} runs into a {shape['kind']}")
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"the page is {overflow}px wider than the window")
    return problems


def test_the_report_reads_cleanly_in_a_browser(report, browser):
    page = open_page(browser, report, 1280)
    os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
    assert page.save_screenshot(SCREENSHOT), "screenshot saved"
    # Each chart on its own too, at full size, for a person to look at.
    for index, figure in enumerate(page.find_elements("css selector", "figure")):
        figure.screenshot(SCREENSHOT.replace(".png", f"-chart{index + 1}.png"))
    assert page.execute_script("return document.scripts.length") == 0, "no script"
    resources = page.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == [], f"nothing fetched: {resources}"
    problems = layout_problems(page)
    assert not problems, "\n".join(problems)


def test_a_narrow_window_still_has_no_overlaps(report, browser):
    problems = layout_problems(open_page(browser, report, 560))
    assert not problems, "\n".join(problems)


def test_every_chart_names_its_axes_and_dates_its_weeks(report, browser):
    page = open_page(browser, report, 1280)
    charts = page.execute_script(CHARTS_JS)
    assert len(charts) >= 2, "a weekly trend and the goals"
    for chart in charts:
        titles = [t["text"] for t in chart["texts"] if "axis-title" in t["cls"].split()]
        assert titles and all(titles), f"{chart['label']} has axis titles"
    trend = next(c for c in charts if "trend" in c["cls"].split())
    classes = [set(t["cls"].split()) for t in trend["texts"]]
    assert any({"axis-title", "x-title"} <= c for c in classes) and any({"axis-title", "y-title"} <= c for c in classes)
    weeks = [t["text"] for t in trend["texts"] if "week-label" in t["cls"].split()]
    assert len(weeks) >= 3, weeks
    assert all(re.fullmatch(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}( \d{4})?\*?", w) for w in weeks), weeks
    y_ticks = [t["text"] for t in trend["texts"] if "y-tick" in t["cls"].split()]
    assert len(y_ticks) >= 3 and y_ticks[0] == "0", y_ticks
    legend = page.execute_script(
        "return Array.from(document.querySelectorAll('svg.trend .legend-item')).map(e => e.getBoundingClientRect().top)")
    axis_title = next(t for t in trend["texts"] if "x-title" in t["cls"].split())
    assert legend and min(legend) >= axis_title["bottom"], "the legend sits below the plot and its axis title"


def test_the_figures_are_real(report, browser):
    page = open_page(browser, report, 1280)
    values = page.execute_script("return Array.from(document.querySelectorAll('td')).map(td => td.textContent.trim())")
    with_digits = [v for v in values if re.search(r"\d", v)]
    assert len(values) > 40 and len(with_digits) >= 0.8 * len(values), values
    assert values.count("—") < len(values) / 10, values
    bars = page.execute_script("return document.querySelectorAll('svg .goal-bar').length")
    assert bars >= 1, "at least one goal is measured"
