"""What the reading tests measure in Chromium: where lines break in a heading, which font families draw
the text (DevTools' CSS.getPlatformFontsForNode), layout shift."""
from __future__ import annotations

import re

from khaosan import thai_text

THAI_LETTER = re.compile(r"[\u0E00-\u0E7F]")
# Headings, the site name and card titles: every place item 5 of issue 11 names.
BREAK_SELECTORS = "h1, h2, h3, .brand"

# For each element: its text and the offsets (in that text) where a new line starts. A character whose box
# sits below the previous one's starts a line; characters without a box (collapsed spaces) are skipped.
LINE_STARTS = """
(selector) => Array.from(document.querySelectorAll(selector)).filter(el => el.offsetParent !== null).map(el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const starts = [];
  let offset = 0, lastTop = null, lastHeight = 0, node;
  const range = document.createRange();
  while ((node = walker.nextNode())) {
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xDC00 && code <= 0xDFFF) { continue; }
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (rects.length && rects[0].width > 0) {
        const top = rects[0].top;
        if (lastTop !== null && top > lastTop + lastHeight / 2) { starts.push(offset + i); }
        lastTop = top; lastHeight = rects[0].height;
      }
    }
    offset += text.length;
  }
  return {text: el.textContent, starts: starts, tag: el.tagName.toLowerCase()};
})
"""


def word_boundaries(text: str) -> set[int]:
    """Offsets in `text` where the segmenter puts a word boundary inside a run of Thai letters."""
    boundaries = set()
    for run in thai_text.THAI_RUN.finditer(text):
        position = run.start()
        for token in thai_text.words(run.group(0)):
            position += len(token)
            boundaries.add(position)
    return boundaries


def broken_words(page) -> list[str]:
    """Lines that start inside a Thai word, as 'text: …before / after…'."""
    problems = []
    for element in page.evaluate(LINE_STARTS, BREAK_SELECTORS):
        text = element["text"]
        allowed = word_boundaries(text)
        for start in element["starts"]:
            if 0 < start < len(text) and THAI_LETTER.match(text[start - 1]) and THAI_LETTER.match(text[start]) \
                    and start not in allowed:
                problems.append(f"<{element['tag']}> {text[max(0, start - 12):start]} / {text[start:start + 12]}")
    return problems


def font_families(page, selector: str) -> dict[str, int]:
    """{family: glyphs} that the text of the elements matching `selector` is drawn with."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        families: dict[str, int] = {}
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                families[font["familyName"]] = families.get(font["familyName"], 0) + font["glyphCount"]
        return families
    finally:
        cdp.detach()


def mixed_fonts(families: dict[str, int]) -> bool:
    """More than one family draws a real share of the text (a lone symbol from another font is not a mix)."""
    total = sum(families.values()) or 1
    return sum(1 for glyphs in families.values() if glyphs / total > 0.02) > 1


LAYOUT_SHIFT_RECORDER = """
window.__layoutShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { window.__layoutShift += entry.value; } }
}).observe({type: 'layout-shift', buffered: true});
"""
