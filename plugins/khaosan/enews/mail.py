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
