#!/usr/bin/env python3
"""Drives the docs UI like a person, through chromedriver's W3C WebDriver HTTP API (stdlib only):
enters the API key under "Authorize", then "Try it out" + "Execute" on getCurrentIdentity, and
asserts that the request went to this gateway with the key and the identity came back (200; without
the key the gateway answers 401), and that the browser reported no Content-Security-Policy violation
on the way (the gateway sends a strict policy with the UI). Run by scripts/check-docs-ui.sh with the base URL of a `dev`
gateway, the account owner's API key and a scratch directory. Exits non-zero on any failure."""

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
OPERATION = "#operations-Account-getCurrentIdentity"
# Records each CSP violation (directive, blocked URI or "inline", where) for the check at the end.
RECORD_CSP_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, url):
        self.url = url
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response).get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')[:500]}") from None

    def start(self, profile):
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1280,2000", f"--user-data-dir={profile}"]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": args}}}}
        self.session = "/session/" + self.call("POST", "/session", caps)["sessionId"]

    def stop(self):
        if self.session:
            try:
                self.call("DELETE", self.session)
            except Exception:
                pass

    def go(self, url):
        self.call("POST", self.session + "/url", {"url": url})

    def find(self, css, timeout=15):
        deadline = time.time() + timeout
        while True:
            try:
                found = self.call("POST", self.session + "/elements", {"using": "css selector", "value": css})
            except RuntimeError:
                found = []
            if found:
                return found[0][ELEMENT]
            if time.time() > deadline:
                raise RuntimeError(f"no element {css!r} after {timeout}s")
            time.sleep(0.2)

    def click(self, css):
        self.call("POST", f"{self.session}/element/{self.find(css)}/click", {})

    def type(self, css, text):
        self.call("POST", f"{self.session}/element/{self.find(css)}/value", {"text": text})

    def text(self, css, timeout=15):
        return self.call("GET", f"{self.session}/element/{self.find(css, timeout)}/text")

    def on_every_page(self, script):
        """Runs `script` in every page this session loads, before the page's own scripts (CDP)."""
        self.call("POST", self.session + "/goog/cdp/execute",
                  {"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": script}})

    def run(self, script):
        return self.call("POST", self.session + "/execute/sync", {"script": script, "args": []})

    def screenshot(self, path):
        import base64
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.session + "/screenshot")))


def launch(scratch, log_name):
    """Starts chromedriver on a free port (its log in `scratch`), waits until it is ready and opens a
    headless Chromium session; returns the driver and the chromedriver process, for `close`."""
    port = free_port()
    log = open(f"{scratch}/{log_name}", "w")
    server = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=log, stderr=subprocess.STDOUT)
    driver = Driver(f"http://127.0.0.1:{port}")
    try:
        for _ in range(100):
            try:
                if driver.call("GET", "/status").get("ready"):
                    break
            except Exception:
                pass
            time.sleep(0.1)
        driver.start(tempfile.mkdtemp(dir=scratch))
    except Exception:
        close(driver, server)
        raise
    return driver, server


def close(driver, server):
    driver.stop()
    server.terminate()
    server.wait(timeout=10)


def main():
    base, key, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
    driver, server = launch(scratch, "chromedriver.log")
    try:
        try:
            driver.on_every_page(RECORD_CSP_VIOLATIONS)
            # Deep link: the operation opens expanded.
            driver.go(f"{base}/docs/#/Account/getCurrentIdentity")
            driver.find(f"{OPERATION} .opblock-summary")
            driver.click(".auth-wrapper .btn.authorize")
            driver.type(".modal-ux input[type=text], .modal-ux input[type=password]", key)
            driver.click(".modal-ux .auth-btn-wrapper .btn.authorize")
            driver.click(".modal-ux .btn-done, .modal-ux button.close-modal")
            # tryItOutEnabled: the operation opens in "try it out" mode, the Execute button is there.
            driver.click(f"{OPERATION} .btn.execute")
            status = driver.text(f"{OPERATION} .live-responses-table .response .response-col_status", timeout=30)
            url = driver.text(f"{OPERATION} .request-url pre")
            curl = driver.text(f"{OPERATION} .curl-command")
            body = driver.text(f"{OPERATION} .live-responses-table .response .response-col_description pre")
            violations = driver.run("return window.__cspViolations || ['the violation recorder did not run']")
        finally:
            driver.run(f"document.querySelector('{OPERATION} .responses-wrapper')?.scrollIntoView()")
            driver.screenshot("target/docs-ui-try-it-out.png")
        problems = []
        if not status.strip().startswith("200"):
            problems.append(f"status {status!r}, expected 200 (401 would mean the key was not sent)")
        if url.strip() != f"{base}/cloud/current-identity":
            problems.append(f"request URL {url!r}")
        if f"Authorization: Bearer {key}" not in curl:
            problems.append(f"the request lacks the bearer key: {curl!r}")
        try:
            identity = json.loads(body)
        except ValueError:
            identity = {}
        if not ("user" in identity or "serviceAccount" in identity):
            problems.append(f"the body is not a GetCurrentIdentityResponse: {body!r}")
        if violations:
            problems.append(f"Content-Security-Policy violations: {violations}")
        if problems:
            print("docs-ui try it out: FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        print(f"docs-ui try it out: GET {url.strip()} with the bearer key -> {status.strip()}, "
              "no CSP violation (screenshot: target/docs-ui-try-it-out.png)")
        return 0
    finally:
        close(driver, server)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:
        print(f"docs-ui try it out: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
