"""The feeds' own words. Marked with _() so `make translations` collects them into the theme's
catalogues; they are translated at build time with the catalogue of the feed's language."""
from __future__ import annotations


def _(message: str) -> str:
    return message


SITE_DESCRIPTION = _("News and field reports from the health-promotion partner networks of every region of Thailand.")
PLACE_DESCRIPTION = _("News and field reports from the partner networks of %(place)s.")
TOPIC_DESCRIPTION = _("News and field reports from the partner networks on %(topic)s.")
ENEWS_TITLE = _("E-news")
ENEWS_DESCRIPTION = _("The e-news editions of the health-promotion partner networks: every report and news item of a period, by province.")
KIND_TITLES = {"reports": _("Field reports"), "news": _("News")}
KIND_DESCRIPTIONS = {"reports": _("Field reports from the health-promotion partner networks of every region of Thailand: objectives, participants, outcomes, problems and recommendations."),
                     "news": _("News from the health-promotion partner networks of every region of Thailand.")}
FEED_TITLE = _("%(subject)s · %(site)s")
READ_FULL_STORY = _("The full story is on the site: %(title)s")


def translator(settings, lang: str):
    """gettext of the theme catalogue for `lang` (the bilingual plugin compiles them once per build)."""
    from khaosan import bilingual

    catalogs = settings.get(bilingual.CATALOG_KEY) or bilingual.load_catalogs(settings["THEME"])
    return catalogs[lang].gettext


def feed_title(settings, source, lang: str) -> str:
    gettext = translator(settings, lang)
    site = settings["SITE_NAMES"][lang]
    if source.kind == "site":
        return site
    if source.kind == "enews":
        subject = gettext(ENEWS_TITLE)
    elif source.kind == "kind":
        subject = gettext(KIND_TITLES[source.key])
    else:
        subject = source.name(lang)
    return gettext(FEED_TITLE) % {"subject": subject, "site": site}


def feed_description(settings, source, lang: str) -> str:
    gettext = translator(settings, lang)
    if source.kind == "site":
        return gettext(SITE_DESCRIPTION)
    if source.kind == "enews":
        return gettext(ENEWS_DESCRIPTION)
    if source.kind == "kind":
        return gettext(KIND_DESCRIPTIONS[source.key])
    if source.kind == "topic":
        return gettext(TOPIC_DESCRIPTION) % {"topic": source.name(lang)}
    return gettext(PLACE_DESCRIPTION) % {"place": source.name(lang)}
