"""Structured data for search engines and link previews: JSON-LD (partner organisations, reports and news,
breadcrumbs) and Open Graph tags, on every page through one partial (partials/head_meta.html) in base.html.

JSON-LD sits in <script type="application/ld+json">: a data block the browser never runs, so the pages'
Content-Security-Policy (no inline scripts) is kept. Inside it, <, > and & are written as \\u003c, \\u003e and
\\u0026, so no text from content (a title with "</script>") can end the block early.
"""
from __future__ import annotations

import json
import logging

from jinja2 import pass_context
from markupsafe import Markup

from khaosan import bilingual
from khaosan import url_scheme
from khaosan.kinds import KINDS, SECTIONS

logger = logging.getLogger(__name__)

CONTEXT = "https://schema.org"
# schema.org's Organization subtypes for the partner types of content_model.vocabularies.PARTNER_TYPES.
ORGANIZATION_TYPES = {
    "government": "GovernmentOrganization",
    "local-government": "GovernmentOrganization",
    "academic": "EducationalOrganization",
    "civil-society": "NGO",
    "health-service": "MedicalOrganization",
    "media": "NewsMediaOrganization",
    "private": "Organization",
    "international": "Organization",
}
TITLE_SEPARATOR = " · "
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps_for_html(data) -> str:
    """JSON that is safe inside an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def json_ld(data) -> Markup:
    return Markup('<script type="application/ld+json">') + Markup(dumps_for_html(data)) + Markup("</script>")


def absolute(siteurl: str, path: str) -> str:
    return f"{siteurl}/{path}"


def area(province, lang: str) -> dict:
    return {"@type": "AdministrativeArea", "name": province.name(lang), "identifier": province.iso_code,
            "containedInPlace": {"@type": "Country", "name": "Thailand", "identifier": "TH"}}


def publisher(site_name: str, siteurl: str, lang: str) -> dict:
    return {"@type": "Organization", "name": site_name, "url": absolute(siteurl, url_scheme.home(lang))}


def article_graph(article, lang: str, siteurl: str, site_name: str, topic_table: dict) -> dict:
    url = absolute(siteurl, article.url)
    data = {
        "@context": CONTEXT,
        "@type": getattr(KINDS.get(getattr(article, "kind", "")), "schema_type", None) or "Article",
        "headline": article.title,
        "description": getattr(article, "summary", "") or None,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": lang,
        "datePublished": bilingual.iso_datetime(article.date),
        "dateModified": bilingual.iso_datetime(getattr(article, "modified", None) or article.date),
        "publisher": publisher(site_name, siteurl, lang),
    }
    author = getattr(article, "author", None)
    data["author"] = {"@type": "Person", "name": str(author)} if author else publisher(site_name, siteurl, lang)
    if getattr(article, "cover", None):
        data["image"] = absolute(siteurl, article.cover)
    provinces = getattr(article, "provinces", None) or []
    if provinces:
        data["spatialCoverage"] = [area(p, lang) for p in provinces]
    topics = getattr(article, "topics", None) or []
    if topics:
        data["about"] = [{"@type": "Thing", "name": topic_table[t].name(lang)} for t in topics if t in topic_table]
    source = getattr(article, "source", None)
    if isinstance(source, dict) and source.get("url"):
        data["isBasedOn"] = source["url"]
    return {k: v for k, v in data.items() if v is not None}


def event_graph(article, lang: str, siteurl: str, site) -> dict:
    """A field report's activity as a schema.org Event: where and when it took place, the partners that
    organised it, and the planned and actual participants as PropertyValues."""
    url = absolute(siteurl, article.url)
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": f"{url}#activity",
        "name": article.title,
        "description": getattr(article, "summary", "") or None,
        "startDate": bilingual.iso_datetime(article.date),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "inLanguage": lang,
        "url": url,
        "subjectOf": {"@type": "Report", "url": url},
    }
    provinces = getattr(article, "provinces", None) or []
    data["location"] = [{"@type": "Place", "name": p.name(lang),
                         "address": {"@type": "PostalAddress", "addressRegion": p.name(lang), "addressCountry": "TH"}}
                        for p in provinces] or {"@type": "Place", "name": "Thailand",
                                                "address": {"@type": "PostalAddress", "addressCountry": "TH"}}
    organizers = []
    for slug in getattr(article, "partners", None) or []:
        partner = site.partner(slug, lang) if site is not None else None
        if partner is not None:
            organizers.append({"@type": ORGANIZATION_TYPES.get(partner.type or "", KINDS["partners"].schema_type),
                               "name": partner.title, "url": absolute(siteurl, partner.url)})
    if organizers:
        data["organizer"] = organizers
    participants = getattr(article, "participants", None) or {}
    values = [{"@type": "PropertyValue", "propertyID": f"participants_{which}", "name": name, "value": participants[which],
               "unitText": "people"}
              for which, name in (("planned", "participants planned"), ("actual", "participants who took part"))
              if participants.get(which) is not None]
    if values:
        data["additionalProperty"] = values
    return {k: v for k, v in data.items() if v is not None}


def partner_graph(partner, lang: str, siteurl: str, topic_table: dict) -> dict:
    data = {
        "@context": CONTEXT,
        "@type": ORGANIZATION_TYPES.get(getattr(partner, "type", ""), KINDS["partners"].schema_type),
        "name": partner.title,
        "alternateName": getattr(partner, "short_name", None),
        "url": absolute(siteurl, partner.url),
        "description": getattr(partner, "summary", "") or None,
        "email": getattr(partner, "email", None),
        "telephone": getattr(partner, "phone", None),
        "address": getattr(partner, "address", None),
    }
    same_as = [u for u in (getattr(partner, "website", None), getattr(partner, "facebook", None)) if u]
    if same_as:
        data["sameAs"] = same_as
    if getattr(partner, "logo", None):
        data["logo"] = absolute(siteurl, partner.logo)
    provinces = getattr(partner, "provinces", None) or []
    data["areaServed"] = ([area(p, lang) for p in provinces] if provinces
                          else [{"@type": "Country", "name": "Thailand", "identifier": "TH"}])
    topics = getattr(partner, "topics", None) or []
    if topics:
        data["knowsAbout"] = [topic_table[t].name(lang) for t in topics if t in topic_table]
    return {k: v for k, v in data.items() if v is not None}


def breadcrumbs(page, title: str, site_name: str, section_label: str | None, siteurl: str) -> dict | None:
    """Home › section › this page, for any page below the home page (`page` is its khaosan.pages.Page)."""
    if page is None or page.url == url_scheme.home(page.lang) or not page.in_sitemap:
        return None
    trail = [(site_name, url_scheme.home(page.lang))]
    if page.section is not None:
        trail.append((section_label, url_scheme.section(page.section, page.lang)))
    if not page.section_index:
        trail.append((title, page.url))
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": i, "name": name, "item": absolute(siteurl, link)}
                            for i, (name, link) in enumerate(trail, start=1)],
    }


@pass_context
def page_meta(ctx, page_title: str, description: str) -> dict:
    """Everything head_meta.html writes: Open Graph values and the JSON-LD objects of the page."""
    lang = ctx.get("lang") or url_scheme.DEFAULT_LANG
    url = ctx.get("url") or ""
    # Open Graph and schema.org want absolute addresses, in development builds too.
    siteurl = url_scheme.site_address(ctx)
    site_name = (ctx.get("SITE_NAMES") or {}).get(lang, "")
    alt_urls = ctx.get("alt_urls") or {}
    article, partner, page = ctx.get("article"), ctx.get("partner"), ctx.get("page")
    item = article or partner or page
    title = page_title.split(TITLE_SEPARATOR)[0].strip() or site_name
    graphs = []
    image = None
    if article is not None and hasattr(article, "date"):
        graphs.append(article_graph(article, lang, siteurl, site_name, ctx.get("TOPICS") or {}))
        if getattr(article, "kind", "") == "reports":
            graphs.append(event_graph(article, lang, siteurl, ctx.get("SITE")))
        image = getattr(article, "cover", None)
    elif partner is not None:
        graphs.append(partner_graph(partner, lang, siteurl, ctx.get("TOPICS") or {}))
        image = getattr(partner, "logo", None)
    elif page is not None and hasattr(page, "url"):
        image = getattr(page, "cover", None)
    # A page's own graphs (the /data/ page's Dataset), from its generator.
    graphs += list(ctx.get("json_ld_extra") or [])
    # The page's share card (khaosan.pictures): its cover cropped to 1200×630, or its title card in its language.
    share_card = ctx.get("share_card")
    card = share_card(url) if share_card else None
    image_size = None
    if card is not None:
        image, image_size = card.default.file, (card.width, card.height)
    this_page = ctx.get("this_page")
    label = None
    if this_page is not None and this_page.section is not None:
        # The section's name from the theme catalogue of the page's language, as the menu shows it.
        label = ctx.call(ctx.environment.globals["gettext"], SECTIONS[this_page.section].label)
    trail = breadcrumbs(this_page, getattr(item, "title", None) or title, site_name, label, siteurl)
    if trail:
        graphs.append(trail)
    return {
        "title": getattr(item, "title", None) or title,
        "description": description.strip(),
        "type": "article" if article is not None else "website",
        "url": absolute(siteurl, url),
        "image": absolute(siteurl, image) if image else None,
        "image_size": image_size,
        "site_name": site_name,
        "locale": bilingual.LOCALES[lang],
        "alternate_locales": [bilingual.LOCALES[other] for other in url_scheme.LANGUAGES if other != lang and other in alt_urls],
        "published": bilingual.iso_datetime(article.date) if article is not None and hasattr(article, "date") else None,
        "modified": bilingual.iso_datetime(article.modified) if getattr(article, "modified", None) else None,
        "json_ld": graphs,
    }


def install(generator):
    generator.env.globals["page_meta"] = page_meta
    generator.env.filters["json_ld"] = json_ld
