"""Debian's Chromium driven by Playwright (never a downloaded browser): axe-core, CSP violations, no-JS reading."""
from __future__ import annotations

import contextlib

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Installed before any page script: every CSP violation of the page is counted.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' line ' + e.lineNumber);
});
"""


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the loaded page, one line each."""
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    out = []
    for v in results.response["violations"]:
        targets = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:3])
        out.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return out


def csp_violations(context, url: str) -> list[str]:
    """Violations reported while `url` loads (the context must have CSP_RECORDER as an init script)."""
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(50)
    found = page.evaluate("window.__cspViolations") + console
    page.close()
    return found


def main_text(context, url: str) -> str:
    page = context.new_page()
    page.goto(url, wait_until="load")
    text = page.inner_text("main") if page.query_selector("main") else ""
    page.close()
    return " ".join(text.split())
