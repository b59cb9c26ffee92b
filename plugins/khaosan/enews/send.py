"""`make send EDITION=slug TO=address-or-file`: send a built edition's edition.eml over SMTP.

    python -m khaosan.enews.send --edition SLUG --to ADDRESS|FILE [--lang th|en] [--output output]
                                 [--settings pelicanconf.py]

The SMTP server and the sender come from the environment (never from a file in the repository):

    SMTP_HOST      the server (required)
    SMTP_PORT      its port (default 587; 465 with SMTP_SECURITY=ssl; 25 with none)
    SMTP_SECURITY  starttls (default), ssl, or none (a server on this computer only)
    SMTP_USER, SMTP_PASSWORD   the login, when the server asks for one
    SMTP_FROM      the sender, when the edition has no From (ENEWS_FROM); also the envelope sender
    UNSUBSCRIBE    the unsubscribe address for the footer when the build left the placeholder in it
                   (no ENEWS_LIST_UNSUBSCRIBE); `{email}` in it becomes the recipient's address

TO is one address, or a file of addresses, one a line (blank lines and lines starting with # skipped).
One message goes to each address, with its own To and Message-ID, so no recipient sees the others.

It refuses, before sending anything, a development build's message (its links point to this computer),
a message whose unsubscribe placeholder would go out unfilled, and an address it cannot read.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import email.utils
import logging
import os
import smtplib
import ssl
import sys
from pathlib import Path
from urllib.parse import quote

from khaosan import url_scheme

from .mail import DEVELOPMENT_HEADER, POLICY

logger = logging.getLogger(__name__)


class Refused(Exception):
    """Why the message was not sent, as one line: `where: problem; fix`."""


def eml_path(output: Path, slug: str, lang: str) -> Path:
    return output / url_scheme.item("enews", slug, lang) / "edition.eml"


def read_recipients(to: str) -> list[str]:
    if Path(to).is_file():
        lines = Path(to).read_text(encoding="utf-8").splitlines()
        where = to
    else:
        lines, where = [to], "TO"
    recipients = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        _, address = email.utils.parseaddr(line)
        local, _, domain = address.rpartition("@")
        if not local or "." not in domain or any(c.isspace() for c in address):
            place = f"{where}:{number}" if where != "TO" else "TO"
            raise Refused(f"{place}: {line!r} is not an e-mail address; fix: write one address a line, such as somchai@example.org")
        recipients.append(address)
    if not recipients:
        raise Refused(f"{where}: no e-mail address; fix: give TO=address or a file with one address a line")
    return recipients


def parts_with(message, placeholder: str):
    """The text parts that still hold the placeholder."""
    return [part for part in message.walk()
            if part.get_content_maintype() == "text" and placeholder in part.get_content()]


def prepare(path: Path, placeholder: str, unsubscribe: str):
    """The message read from edition.eml, checked and with its unsubscribe placeholder filled in (with
    `{email}` left for each recipient). Raises Refused."""
    if not path.is_file():
        raise Refused(f"{path}: no such edition; fix: check EDITION and LANG, and build first (make publish)")
    message = email.message_from_bytes(path.read_bytes(), policy=POLICY)
    if message[DEVELOPMENT_HEADER]:
        raise Refused(f"{path}: a development build ({message[DEVELOPMENT_HEADER]}), not for subscribers; "
                      "fix: build with `make publish` (KHAOSAN_SITEURL=https://…) and send again")
    if parts_with(message, placeholder):
        if not unsubscribe:
            raise Refused(f"{path}: the unsubscribe placeholder {placeholder} would go out unfilled; fix: set "
                          "ENEWS_LIST_UNSUBSCRIBE in the settings and rebuild, or give UNSUBSCRIBE=https://… "
                          "(or mailto:…) to make send")
        if not unsubscribe.startswith(("https://", "http://", "mailto:")):
            raise Refused(f"UNSUBSCRIBE: {unsubscribe!r} is not an address; fix: give an https:// or mailto: address")
    return message


def personalise(message, placeholder: str, unsubscribe: str, recipient: str, sender: str):
    """A copy of the message for one recipient."""
    copy = email.message_from_bytes(message.as_bytes(policy=POLICY), policy=POLICY)
    if unsubscribe:
        address = unsubscribe.replace("{email}", quote(recipient, safe="@"))
        for part in parts_with(copy, placeholder):
            subtype = part.get_content_subtype()
            part.set_content(part.get_content().replace(placeholder, address), subtype=subtype,
                             charset="utf-8", cte="base64")
        if not copy["List-Unsubscribe"]:
            copy["List-Unsubscribe"] = f"<{address}>"
    if not copy["From"]:
        copy["From"] = sender
    del copy["X-Unsent"]
    del copy["To"]
    copy["To"] = recipient
    copy["Message-ID"] = email.utils.make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    return copy


def smtp_connection(env) -> smtplib.SMTP:
    host = env.get("SMTP_HOST", "")
    if not host:
        raise Refused("SMTP_HOST: not set; fix: export SMTP_HOST=smtp.example.org (and SMTP_USER, SMTP_PASSWORD) before make send")
    security = env.get("SMTP_SECURITY", "starttls").lower()
    if security not in ("starttls", "ssl", "none"):
        raise Refused(f"SMTP_SECURITY: {security!r}; fix: starttls, ssl or none")
    port = int(env.get("SMTP_PORT") or {"starttls": 587, "ssl": 465, "none": 25}[security])
    if security == "ssl":
        connection = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context(), timeout=60)
    else:
        connection = smtplib.SMTP(host, port, timeout=60)
        if security == "starttls":
            connection.starttls(context=ssl.create_default_context())
    if env.get("SMTP_USER"):
        connection.login(env["SMTP_USER"], env.get("SMTP_PASSWORD", ""))
    return connection


def send(path: Path, recipients: list[str], placeholder: str, env) -> int:
    unsubscribe = env.get("UNSUBSCRIBE", "")
    message = prepare(path, placeholder, unsubscribe)
    sender = message["From"] or env.get("SMTP_FROM", "")
    if not sender:
        raise Refused(f"{path}: no sender; fix: set ENEWS_FROM in the settings and rebuild, or export SMTP_FROM=enews@example.org")
    envelope_from = env.get("SMTP_FROM") or email.utils.parseaddr(str(sender))[1]
    with smtp_connection(env) as connection:
        for recipient in recipients:
            copy = personalise(message, placeholder, unsubscribe, recipient, str(sender))
            connection.send_message(copy, from_addr=envelope_from, to_addrs=[recipient])
            logger.info("sent %s to %s", path, recipient)
    return len(recipients)


def load_settings(path: str) -> dict:
    from pelican.settings import read_settings

    from khaosan import config

    settings = read_settings(path)
    config.check(settings)
    return settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make send", description="Send a built e-news edition over SMTP.")
    parser.add_argument("--edition", required=True, help="the edition's slug (content/enews/SLUG.*.md)")
    parser.add_argument("--to", required=True, help="one e-mail address, or a file of addresses, one a line")
    parser.add_argument("--lang", default=url_scheme.DEFAULT_LANG, choices=url_scheme.LANGUAGES)
    parser.add_argument("--output", default="output", help="the built site (default: output)")
    parser.add_argument("--settings", default="publishconf.py", help="the settings the site was built with")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        placeholder = load_settings(args.settings)["ENEWS_UNSUBSCRIBE_PLACEHOLDER"]
        recipients = read_recipients(args.to)
        count = send(eml_path(Path(args.output), args.edition, args.lang), recipients, placeholder, os.environ)
    except Refused as refused:
        print(f"not sent: {refused}", file=sys.stderr)
        return 1
    except (OSError, smtplib.SMTPException) as error:
        print(f"not sent: SMTP {os.environ.get('SMTP_HOST')}:{os.environ.get('SMTP_PORT', '')}: {error}; "
              "fix: check SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USER and SMTP_PASSWORD", file=sys.stderr)
        return 1
    print(f"sent {count} message(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
