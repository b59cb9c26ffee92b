"""edition.eml: an e-news edition as one e-mail message (RFC 5322, MIME multipart/alternative: the plain
text first, the HTML second, as RFC 2046 orders them from plainest to richest), built with Python's email
package. A mail program opens it as a draft ready to send (X-Unsent: 1); `make send` sends it
(khaosan.enews.send).

The same content gives the same bytes: the Date is the edition's date, the MIME boundary is derived from
the content, and no Message-ID is written (the sender's mail program or `make send` adds one).
"""
from __future__ import annotations

import email.policy
import email.utils
import hashlib
from email.message import EmailMessage

import lxml.html
from html import escape as html_escape

# Marks a development build's message (links to this computer); `make send` refuses it.
DEVELOPMENT_HEADER = "X-Khaosan-Development-Build"
# Thai text is three bytes a letter in UTF-8: base64 adds a third, quoted-printable triples it.
# RFC 5322 wants CRLF line ends in a message; SMTP's policy writes them and folds long headers.
POLICY = email.policy.SMTP


def edition_message(*, subject: str, text: str, html: str, lang: str, date, sender: str = "",
                    list_unsubscribe: str = "", development: str = "") -> bytes:
    """The message as bytes. `development` is the address the links point to in a development build
    ("" in production). The Thai subject is encoded per RFC 2047 (UTF-8) by the email package."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    if sender:
        message["From"] = sender
    message["Date"] = email.utils.format_datetime(date)
    message["Content-Language"] = lang
    if list_unsubscribe:
        message["List-Unsubscribe"] = f"<{list_unsubscribe}>"
    if development:
        message[DEVELOPMENT_HEADER] = f"links point to {development}"
    # Outlook and Thunderbird open a message with X-Unsent: 1 as a draft to send, not as a received mail.
    message["X-Unsent"] = "1"
    message.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    message.set_boundary("khaosan-" + hashlib.sha256((subject + text + html).encode("utf-8")).hexdigest()[:32])
    return message.as_bytes(policy=POLICY)


# Mail programs drop style sheets: each element of the intro gets its style inline (theme colours).
INLINE_STYLES = {
    "p": "margin:0 0 12px 0;font-size:15px;line-height:1.7;",
    "a": "color:#0b6b45;",
    "ul": "margin:0 0 12px 0;padding:0 0 0 22px;font-size:15px;line-height:1.7;",
    "ol": "margin:0 0 12px 0;padding:0 0 0 22px;font-size:15px;line-height:1.7;",
    "li": "margin:0 0 4px 0;",
    "h2": "margin:16px 0 8px 0;font-size:18px;color:#07462d;",
    "h3": "margin:14px 0 6px 0;font-size:16px;color:#07462d;",
    "blockquote": "margin:0 0 12px 0;padding:0 0 0 12px;border-left:3px solid #d5ddd8;",
    "img": "display:block;width:100%;max-width:560px;height:auto;border:0;",
}
EMAIL_IMAGE_WIDTH = 560


def email_fragment(html: str) -> str:
    """The edition's intro (sanitised HTML, links already absolute) for e-mail: every element styled
    inline, no class, pictures at most 560 px wide with a width and an alt."""
    if not html.strip():
        return ""
    fragments = lxml.html.fragments_fromstring(html)
    out = []
    for fragment in fragments:
        if isinstance(fragment, str):
            out.append(html_escape(fragment, quote=False))
            continue
        for element in fragment.iter():
            if not isinstance(element.tag, str):
                continue
            element.attrib.pop("class", None)
            element.attrib.pop("loading", None)
            style = INLINE_STYLES.get(element.tag)
            if style:
                element.set("style", style)
            if element.tag == "img":
                width = int(element.get("width") or EMAIL_IMAGE_WIDTH) if (element.get("width") or "").isdigit() else EMAIL_IMAGE_WIDTH
                element.set("width", str(min(width, EMAIL_IMAGE_WIDTH)))
                element.attrib.pop("height", None)
                element.set("alt", element.get("alt") or "")
        out.append(lxml.html.tostring(fragment, encoding="unicode"))
    return "".join(out)
