"""A small site for the place pages and figures tests: reports in a few provinces, one tagged with two,
enough reports in one province for a second page, a partner, and most provinces left empty."""
from __future__ import annotations

from sitebuilder import front_matter

PER_PAGE = 20

# slug -> {lang: front matter}; the same facts in both languages unless said otherwise.
REPORTS = {
    "two-provinces": {
        "th": dict(title="เวทีสองจังหวัด", date="2566-05-05", provinces=["นครพนม", "mukdahan"],
                   participants={"planned": 120, "actual": 95}, outcome_rating=3, partners=["thaihealth"]),
        "en": dict(title="A forum in two provinces", date="2023-05-05", provinces=["nakhon-phanom", "mukdahan"],
                   participants={"planned": 120, "actual": 95}, outcome_rating=3, partners=["thaihealth"]),
    },
    "planned-only": {  # Thai only; participants planned but not yet counted
        "th": dict(title="แผนอบรมอาสาสมัคร", date="2566-07-01", provinces=["TH-48"], participants={"planned": 40},
                   outcome_rating=4),
    },
    "unrated": {
        "th": dict(title="รายงานที่ยังไม่ประเมินผล", date="2566-08-01", provinces=["จ.นครพนม"],
                   participants={"planned": 10, "actual": 12}),
        "en": dict(title="A report not yet rated", date="2023-08-01", provinces=["Nakhon Phanom"],
                   participants={"planned": 10, "actual": 12}),
    },
    "south-coast": {
        "th": dict(title="ตลาดสีเขียวสงขลา", date="2565-01-10", provinces=["songkhla"],
                   participants={"planned": 300, "actual": 150}, outcome_rating=2),
    },
}
# Enough reports in Khon Kaen for two pages in Thai, one in English.
for n in range(1, PER_PAGE + 2):
    REPORTS[f"khon-kaen-{n:02d}"] = {"th": dict(title=f"รายงานขอนแก่น {n}", date=f"2566-02-{n:02d}",
                                                provinces=["khon-kaen"], outcome_rating=1 + n % 4,
                                                participants={"planned": n * 10, "actual": n * 9})}
REPORTS["khon-kaen-01"]["en"] = dict(title="Khon Kaen report 1", date="2023-02-01", provinces=["khon-kaen"],
                                     outcome_rating=2, participants={"planned": 10, "actual": 9})

NEWS = {
    "bueng-kan-market": {
        "th": dict(title="ตลาดนัดบึงกาฬ", date="2566-06-01", provinces=["bueng-kan"]),
        "en": dict(title="Bueng Kan market", date="2023-06-01", provinces=["bueng-kan"]),
    },
    "mukdahan-walk": {"th": dict(title="เดินวิ่งมุกดาหาร", date="2566-09-09", provinces=["mukdahan"])},
}

PARTNERS = {
    "thaihealth": {
        "th": dict(title="สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ", short_name="สสส.", type="government",
                   provinces=["bangkok", "nakhon-phanom"]),
        "en": dict(title="Thai Health Promotion Foundation", short_name="ThaiHealth", type="government",
                   provinces=["bangkok", "nakhon-phanom"]),
    },
    "isan-network": {  # Thai only
        "th": dict(title="เครือข่ายสุขภาวะอีสาน", type="civil-society", provinces=["nakhon-phanom", "khon-kaen"]),
    },
}


def files() -> dict[str, str]:
    out = {}
    for folder, table in (("reports", REPORTS), ("news", NEWS), ("partners", PARTNERS)):
        for slug, langs in table.items():
            for lang, meta in langs.items():
                out[f"{folder}/{slug}.{lang}.md"] = front_matter(**meta) + "\nเนื้อหา\n"
    return out


