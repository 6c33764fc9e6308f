#!/usr/bin/env python3
"""Browser test for the generated ScratchNet site, with only the Python standard library.

Drives Debian's headless `chromium` through the DevTools protocol (a minimal WebSocket client
over `socket`), so no Selenium or chromedriver is needed:

  * opens index.html and every lesson page from file:// and fails on any console error,
    uncaught exception or failed resource load;
  * on a lesson page, presses the right-arrow key and checks that the visible step and the URL
    fragment both change, and that opening page.html#<step> shows that step;
  * screenshots the index and one lesson at 1280 px and 375 px wide into a temporary folder
    and checks they are not blank (pixel variance of the decoded PNG).

Usage: python3 tools/browser_test.py OUTPUT_DIR [--keep-screenshots DIR] [--chromium PATH]
Exit status 0 when everything passes.
"""

import argparse
import base64
import glob
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib


# --- A minimal WebSocket client (RFC 6455), enough for the DevTools protocol ---------------

class WebSocket:
    def __init__(self, url, timeout=30):
        assert url.startswith("ws://"), url
        rest = url[len("ws://"):]
        hostport, _, path = rest.partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("WebSocket handshake failed")
            response += chunk
        head, _, self.buffer = response.partition(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError("WebSocket handshake refused: " + head.decode(errors="replace"))

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes(header) + mask + masked)

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("WebSocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            if b1 & 0x80:
                mask = self._read(4)
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(self._read(n)))
            else:
                data = self._read(n)
            if opcode == 0x8:
                raise ConnectionError("WebSocket closed by browser")
            if opcode in (0x9, 0xA):
                continue
            message += data
            if b0 & 0x80:
                return message.decode()


# --- DevTools session ------------------------------------------------------------------------

class Browser:
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="scratchnet-chromium-")
        args = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--hide-scrollbars", "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
                "--window-size=1280,900", "about:blank"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start (is it installed? apt-get install chromium)")
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        targets = []
        while not any(t.get("type") == "page" for t in targets):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                targets = json.load(r)
            if time.time() > deadline:
                raise RuntimeError("no page target in chromium")
            time.sleep(0.1)
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = WebSocket(page["webSocketDebuggerUrl"])
        self.next_id = 0
        self.events = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event, timeout=30):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e["method"] == event:
                del self.events[i]
                return e
        self.ws.sock.settimeout(timeout)
        while time.time() < deadline:
            message = json.loads(self.ws.receive())
            if message.get("method") == event:
                return message
            if "method" in message:
                self.events.append(message)
        raise TimeoutError(event)

    def drain(self, seconds=0.3):
        """Collects events that arrive within `seconds` (console messages after load)."""
        self.ws.sock.settimeout(seconds)
        try:
            while True:
                message = json.loads(self.ws.receive())
                if "method" in message:
                    self.events.append(message)
        except (socket.timeout, TimeoutError):
            pass
        finally:
            self.ws.sock.settimeout(30)

    def problems(self):
        """Console errors, uncaught exceptions and failed loads seen so far (then forgotten)."""
        found = []
        for e in self.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                found.append("exception: " + (d.get("exception", {}).get("description") or d.get("text", "")))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append("console.error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                entry = p["entry"]
                found.append(f"log error: {entry.get('text')} {entry.get('url', '')}")
            elif m == "Network.loadingFailed" and not p.get("canceled"):
                found.append(f"load failed: {p.get('errorText')}")
        self.events = []
        return found

    def open(self, url, width=1280, height=900, mobile=False):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        if "#" in url:
            # Same page with a new fragment would be a same-document navigation without a load event.
            self.call("Page.navigate", url="about:blank")
            self.wait_for("Page.loadEventFired")
        self.events = []
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.drain(0.4)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def press(self, key, code, key_code):
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code,
                      windowsVirtualKeyCode=key_code, nativeVirtualKeyCode=key_code)
        self.drain(0.3)

    def screenshot(self, path, full_page=False):
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            metrics = self.call("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1}
        data = base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])
        with open(path, "wb") as f:
            f.write(data)
        return data

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


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

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="the built site (the folder holding index.html)")
    parser.add_argument("--keep-screenshots", metavar="DIR", help="write screenshots here instead of a temporary folder")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()

    root = os.path.abspath(args.output)
    index = os.path.join(root, "index.html")
    if not os.path.exists(index):
        print(f"FAIL: {index} does not exist")
        return 1
    pages = sorted(p for p in glob.glob(os.path.join(root, "*.html")) if os.path.basename(p) != "index.html")
    shots = args.keep_screenshots or tempfile.mkdtemp(prefix="scratchnet-screens-")
    os.makedirs(shots, exist_ok=True)
    failures = []

    def check(condition, message):
        print(("ok   " if condition else "FAIL ") + message)
        if not condition:
            failures.append(message)

    browser = Browser(args.chromium)
    try:
        for page in [index] + pages:
            browser.open("file://" + page)
            problems = browser.problems()
            check(not problems, f"{os.path.basename(page)} loads without console errors" + (f": {problems}" if problems else ""))

        # The lesson with the most steps exercises the stepper best.
        lesson = max(pages, key=lambda p: open(p, encoding="utf-8").read().count('<section class="step'), default=None)
        if lesson:
            name = os.path.basename(lesson)
            browser.open("file://" + lesson)
            visible = "Array.from(document.querySelectorAll('section.step')).filter(s => !s.hidden).map(s => s.id)"
            before = browser.evaluate(visible)
            count = browser.evaluate("document.querySelectorAll('section.step').length")
            status = browser.evaluate("document.querySelector('.stepper-status') && document.querySelector('.stepper-status').textContent")
            check(len(before) == 1, f"{name}: the stepper shows one step of {count} ({before}); status '{status}'")
            if count > 1:
                browser.press("ArrowRight", "ArrowRight", 39)
                after = browser.evaluate(visible)
                fragment = browser.evaluate("location.hash")
                check(len(after) == 1 and after != before, f"{name}: right arrow moves from {before} to {after}")
                check(after and fragment == "#" + after[0], f"{name}: the URL fragment follows the step ({fragment!r})")
                status = browser.evaluate("document.querySelector('.stepper-status').textContent")
                check(status.startswith("Step 2 of"), f"{name}: status reads '{status}'")
                browser.press("ArrowLeft", "ArrowLeft", 37)
                check(browser.evaluate(visible) == before, f"{name}: left arrow goes back")
                last = browser.evaluate("Array.from(document.querySelectorAll('section.step')).pop().id")
                browser.open("file://" + lesson + "#" + last)
                check(browser.evaluate(visible) == [last], f"{name}: opening #{last} shows that step")
            check(not browser.problems(), f"{name}: no console errors while stepping")

        targets = [("index", index)] + ([("lesson", lesson)] if lesson else [])
        for label, page in targets:
            for width, mobile in ((1280, False), (375, True)):
                browser.open("file://" + page, width=width, height=900 if width > 400 else 812, mobile=mobile)
                overflow = browser.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                check(overflow <= 1, f"{label} at {width}px: no horizontal page scroll (overflow {overflow}px)")
                for full in (False, True):
                    path = os.path.join(shots, f"{label}-{width}{'-full' if full else ''}.png")
                    data = browser.screenshot(path, full_page=full)
                    variance = png_variance(data)
                    check(len(data) > 5000 and variance > 20,
                          f"{label} at {width}px{' (full page)' if full else ''}: screenshot {path} is not blank "
                          f"({len(data)} bytes, variance {variance:.0f})")
    finally:
        browser.close()

    print(f"screenshots in {shots}")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all browser checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
