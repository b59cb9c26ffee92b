"""Add translations to a theme catalogue from a small YAML file of msgid: msgstr pairs.

    python tools/fill_po.py th translations.yaml

New theme strings are first collected with `make translations`; this fills the ones a helper writes in bulk.
English msgstr may repeat the msgid.
"""
import sys

import yaml
from babel.messages.pofile import read_po, write_po

lang, source = sys.argv[1], sys.argv[2]
path = f"theme/translations/{lang}/LC_MESSAGES/messages.po"
with open(path, "rb") as fh:
    catalog = read_po(fh, locale=lang)
with open(source, encoding="utf-8") as fh:
    pairs = yaml.safe_load(fh)
for msgid, msgstr in pairs.items():
    message = catalog.get(msgid if "|" not in msgid else tuple(msgid.split("|")))
    key = msgid if "|" not in msgid else tuple(msgid.split("|"))
    if message is None:
        catalog.add(key, msgstr if not isinstance(msgstr, list) else tuple(msgstr))
    else:
        message.string = msgstr if not isinstance(msgstr, list) else tuple(msgstr)
with open(path, "wb") as fh:
    write_po(fh, catalog, sort_output=True, omit_header=False, width=0, no_location=True)
