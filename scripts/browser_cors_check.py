#!/usr/bin/env python3
"""A portal's view of the gateway, in headless Chromium through chromedriver (stdlib only). A page
served from the origin that `--cors-allow-origin` names runs fetch() against the gateway, the way a
portal's JavaScript would, and must be able to: read a resource's ETag (and x-request-id and the
pinned version) through Access-Control-Expose-Headers; get a 304 for If-None-Match with it; follow
`Link: rel="next"` from /cloud/users?pageSize=1 and meet every user exactly once; and PATCH with a
merge patch and If-Match (a preflighted method, content type and headers). A page from another
origin must not be able to read an answer at all. Run by scripts/check-browser-cors.sh with the
gateway's URL, the owner's API key, the allowed origin's port and a scratch directory."""

import http.server
import json
import os
import sys
import tempfile
import threading
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from docs_ui_try_it_out import close, launch  # noqa: E402

PORTAL = """const [gateway, key, done] = arguments;
(async () => {
  const auth = {Authorization: 'Bearer ' + key};
  const out = {};
  const user = gateway + '/cloud/users/dev-alice';
  const one = await fetch(user, {headers: auth});
  out.status = one.status;
  out.etag = one.headers.get('ETag');
  out.requestId = one.headers.get('x-request-id');
  out.version = one.headers.get('temporal-cloud-api-version');
  const again = await fetch(user, {headers: {...auth, 'If-None-Match': out.etag}});
  out.notModified = again.status;
  out.ids = [];
  out.pages = 0;
  let next = gateway + '/cloud/users?pageSize=1';
  while (next && out.pages < 100) {
    const page = await fetch(next, {headers: auth});
    out.pages += 1;
    for (const u of (await page.json()).users || []) out.ids.push(u.id);
    const link = page.headers.get('Link');
    const target = link && link.match(/<([^>]+)>;\\s*rel="next"/);
    next = target ? new URL(target[1], gateway).href : null;
  }
  const patched = await fetch(user, {method: 'PATCH', headers: {...auth,
      'Content-Type': 'application/merge-patch+json', 'If-Match': out.etag},
      body: JSON.stringify({spec: {access: {accountAccess: {role: 'ROLE_READ'}}}})});
  out.patch = patched.status;
  out.patchBody = await patched.text();
  return out;
})().then(done, (e) => done({error: String(e)}));"""

FOREIGN = """const [gateway, key, done] = arguments;
fetch(gateway + '/cloud/users', {headers: {Authorization: 'Bearer ' + key}})
  .then((r) => done({status: r.status}), (e) => done({error: String(e)}));"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_origin(port, root):
    handler = lambda *a: Quiet(*a, directory=root)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    gateway, key, origin_port, scratch = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    root = tempfile.mkdtemp(dir=scratch)
    with open(f"{root}/index.html", "w") as f:
        f.write("<!doctype html><title>portal</title><p>portal</p>")
    origin = serve_origin(origin_port, root)
    request = urllib.request.Request(f"{gateway}/cloud/users?pageSize=100", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        every_user = sorted(u["id"] for u in json.load(response)["users"])

    driver, chromedriver = launch(scratch, "chromedriver-cors.log")
    try:
        driver.call("POST", driver.session + "/timeouts", {"script": 60000})
        run = lambda script: driver.call(  # noqa: E731
            "POST", driver.session + "/execute/async", {"script": script, "args": [gateway, key]})
        driver.go(f"http://127.0.0.1:{origin_port}/")
        portal = run(PORTAL)
        # Same page, another origin: localhost is not 127.0.0.1 to a browser.
        driver.go(f"http://localhost:{origin_port}/")
        foreign = run(FOREIGN)
    finally:
        close(driver, chromedriver)
        origin.shutdown()

    problems = []
    if "error" in portal:
        problems.append(f"the allowed origin's fetch failed: {portal['error']}")
    else:
        etag = portal.get("etag") or ""
        if portal["status"] != 200 or not (etag.startswith('"') and etag.endswith('"')):
            problems.append(f"GET: status {portal['status']}, ETag {etag!r} (not exposed?)")
        if not portal.get("requestId") or not portal.get("version"):
            problems.append(f"x-request-id {portal.get('requestId')!r} / version {portal.get('version')!r} unreadable")
        if portal["notModified"] != 304:
            problems.append(f"If-None-Match with the ETag gave {portal['notModified']}, expected 304")
        if sorted(portal["ids"]) != every_user or len(portal["ids"]) != len(set(portal["ids"])):
            problems.append(f"following Link met {portal['ids']}, expected each of {every_user} once")
        if portal["pages"] < len(every_user):
            problems.append(f"{portal['pages']} pages for {len(every_user)} users at pageSize=1")
        if portal["patch"] != 200:
            problems.append(f"PATCH from the portal: {portal['patch']} {portal['patchBody'][:300]}")
    if "error" not in foreign:
        problems.append(f"a page from another origin read an answer: {foreign}")
    if problems:
        print("browser CORS: FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"browser CORS: ETag {portal['etag']} read, 304 on If-None-Match, {portal['pages']} pages "
          f"via Link visiting {len(portal['ids'])} users once each, PATCH 200; another origin refused "
          f"({foreign['error']})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:
        print(f"browser CORS: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
