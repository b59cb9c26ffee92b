"""A small site with partners, reports and news, shared by the partner, topic, open-data and structured-data tests."""
from __future__ import annotations

from sitebuilder import front_matter

# slug -> {lang: front matter}; the facts (type, provinces, topics) are the same in both languages.
PARTNERS = {
    "alpha-university": {
        "th": dict(title="มหาวิทยาลัยอัลฟา", short_name="มอฟ.", type="academic", provinces=["nakhon-phanom"],
                   topics=["community-health", "food-security"], website="https://alpha.example.ac.th/",
                   phone="0 4251 1234 ต่อ 12",
                   contact={"name": "สมชาย ใจดี", "role": "ผู้ประสานงาน", "email": "somchai.private@example.org",
                            "phone": "081-999-0000", "public": False}),
        "en": dict(title="Alpha University", short_name="AU", type="academic", provinces=["nakhon-phanom"],
                   topics=["community-health", "food-security"], website="https://alpha.example.ac.th/",
                   contact={"name": "Somchai Jaidee", "email": "somchai.private@example.org"}),
    },
    "beta-ngo": {
        "th": dict(title="มูลนิธิเบตา", type="civil-society", provinces=["nakhon-phanom", "khon-kaen"], topics=["alcohol"],
                   email="office@beta.example.org",
                   contact={"name": "เจน โด", "role": "ผู้ประสานงานโครงการ", "email": "jane@beta.example.org", "public": True}),
        "en": dict(title="Beta Foundation", type="civil-society", provinces=["nakhon-phanom", "khon-kaen"], topics=["alcohol"],
                   email="office@beta.example.org",
                   contact={"name": "Jane Doe", "role": "Project coordinator", "email": "jane@beta.example.org", "public": True}),
    },
    "gamma-office": {  # Thai only, and not tied to a province
        "th": dict(title="สำนักงานแกมมา", type="government", topics=["tobacco"], address="ถนนแกมมา กรุงเทพฯ"),
    },
    "delta-college": {  # named by nothing
        "th": dict(title="วิทยาลัยเดลตา", type="academic", provinces=["chiang-mai"], topics=["food-security"]),
        "en": dict(title="Delta College", type="academic", provinces=["chiang-mai"], topics=["food-security"]),
    },
    "epsilon-town": {
        "th": dict(title="เทศบาลเอปไซลอน", type="local-government", provinces=["nakhon-phanom"], topics=["road-safety"]),
        "en": dict(title="Epsilon Town Municipality", type="local-government", provinces=["nakhon-phanom"], topics=["road-safety"]),
    },
}

SCRIPT_TITLE = 'Forum </script><script>alert("x")</script> & more'

REPORTS = {
    "first-forum": {
        "th": dict(title="เวทีแรก", date="2566-05-05", provinces=["นครพนม"], partners=["alpha-university", "beta-ngo", "gamma-office"],
                   topics=["community-health"], participants={"planned": 100, "actual": 80}, outcome_rating=3, author="ผู้สื่อข่าว ก"),
        "en": dict(title=SCRIPT_TITLE, date="2023-05-05", provinces=["nakhon-phanom"], partners=["alpha-university", "beta-ngo", "gamma-office"],
                   topics=["community-health"], participants={"planned": 100, "actual": 80}, outcome_rating=3, author="Reporter A"),
    },
    "second-field-day": {
        "th": dict(title="วันลงพื้นที่ครั้งที่สอง", date="2566-06-01", provinces=["khon-kaen"], partners=["alpha-university"],
                   topics=["food-security"], participants={"planned": 40, "actual": 45}, outcome_rating=4),
    },
}

NEWS = {
    "beta-news": {
        "th": dict(title="ข่าวมูลนิธิเบตา", date="2566-07-01", provinces=["khon-kaen"], partners=["beta-ngo"], topics=["alcohol"]),
    },
}


def files() -> dict[str, str]:
    out = {}
    for folder, table in (("partners", PARTNERS), ("reports", REPORTS), ("news", NEWS)):
        for slug, versions in table.items():
            for lang, fields in versions.items():
                out[f"{folder}/{slug}.{lang}.md"] = front_matter(**fields) + f"\nThe text of {slug} ({lang}).\n"
    return out


def profile_provinces(lang: str) -> dict[str, set[str]]:
    """What the directory must show: province slug -> partner slugs, from the profiles (a partner in only one
    language is listed in the other too). Partners without provinces are under "national"."""
    groups: dict[str, set[str]] = {}
    for slug, versions in PARTNERS.items():
        fields = versions.get(lang) or next(iter(versions.values()))
        for province in fields.get("provinces") or ["national"]:
            groups.setdefault(province, set()).add(slug)
    return groups
