"""A fixture site for the search tests: words the bundled content lacks, in pages the project has never seen.

Three reports hold ข่าว (news), ขาว (white) and ข้าว (rice), each only its own; a report about a merit-making
fair without alcohol (งานบุญปลอดเหล้า) in Nakhon Ratchasima (โคราช); a Bangkok market (กทม.); a partner with
a short name; an English-only report. Reports, not news: a news page says "ข่าว" in its kind line.
"""
from __future__ import annotations

from sitebuilder import PARTNER_EN, PARTNER_TH, front_matter


def report(title, body, **fields) -> str:
    return front_matter(title=title, **fields) + "\n" + body + "\n"


FILES = {
    "partners/thaihealth.th.md": PARTNER_TH,
    "partners/thaihealth.en.md": PARTNER_EN,
    "partners/stop-drink.th.md": front_matter(
        title="เครือข่ายองค์กรงดเหล้าภาคอีสาน", short_name="สคล.อีสาน", type="civil-society",
        provinces=["khon-kaen"], topics=["alcohol"]) + "\nรณรงค์งดดื่มในเทศกาลและงานประเพณีของชุมชน\n",
    "reports/village-news.th.md": report(
        "หอกระจายข่าวประจำหมู่บ้านโนนสะอาด", "ผู้ใหญ่บ้านอ่านข่าวทุกเช้า ชาวบ้านฟังข่าวสารเรื่องสุขภาพจากหอกระจายข่าว",
        slug="village-news", date="2567-01-10", provinces=["udon-thani"]),
    "reports/white-cloth.th.md": report(
        "ผ้าขาวม้าทอมือของกลุ่มแม่บ้านบ้านหนองแวง", "กลุ่มแม่บ้านทอผ้าขาวม้าลายตารางสีขาวสลับแดงไว้จำหน่ายในงานชุมชน",
        slug="white-cloth", date="2567-02-14", provinces=["sakon-nakhon"]),
    "reports/rice-bank.th.md": report(
        "ธนาคารข้าวของชุมชนบ้านดอนแดง", "สมาชิกนำข้าวเปลือกมาฝากไว้ในยุ้งฉางกลาง ยืมข้าวไปกินยามขาดแคลนแล้วคืนหลังเก็บเกี่ยว",
        slug="rice-bank", date="2567-03-20", provinces=["maha-sarakham"]),
    "reports/merit-fair.th.md": report(
        "งานบุญปลอดเหล้า วัดบ้านโนนสูง", "ชาวบ้านร่วมกันจัดงานบุญประเพณีโดยไม่มีเครื่องดื่มแอลกอฮอล์ คณะกรรมการวัดประกาศให้งานบุญปลอดเหล้าตลอดสามวัน",
        slug="merit-fair", date="2567-04-13", provinces=["nakhon-ratchasima"], partners=["thaihealth"], topics=["alcohol"]),
    "reports/merit-fair.en.md": report(
        "An alcohol-free merit-making fair at Ban Non Sung temple", "Villagers held their temple fair without alcoholic drinks for all three days.",
        slug="merit-fair", lang="en", date="2024-04-13", provinces=["nakhon-ratchasima"], partners=["thaihealth"], topics=["alcohol"]),
    "reports/safe-market.th.md": report(
        "ตลาดนัดอาหารปลอดภัยริมคลอง", "ผู้ค้าในตลาดนัดริมคลองตรวจสารตกค้างในผักทุกสัปดาห์ ผู้บริโภคมั่นใจได้",
        slug="safe-market", date="2566-11-05", provinces=["bangkok"], topics=["food-security"]),
    "reports/road-week.en.md": report(
        "Road Safety Week at Khon Kaen schools", "Students learned to wear helmets and to cross the road safely near their schools.",
        slug="road-week", lang="en", date="2024-12-02", provinces=["khon-kaen"], topics=["road-safety"]),
}


# A second fixture: the northern and southern provinces, partners and topics the first one lacks, and many
# pages a query's Thai marks tell apart: 24 hold ข้าว (rice), 24 only ขาว (white). More candidates than a
# screenful, so the search page must read them a screenful at a time (tests/test_search.py).
RICE_PROVINCES = ["chiang-mai", "chiang-rai", "lampang", "nan", "phrae", "phayao"]
WHITE_PROVINCES = ["songkhla", "phuket", "trang", "satun", "pattani", "yala"]
MANY_RICE = [f"reports/rice-{n}/" for n in range(24)]
MANY_WHITE = [f"reports/white-{n}/" for n in range(24)]
VILLAGES = ["ป่าแดด", "แม่ริม", "สันทราย", "หางดง", "ดอยสะเก็ด", "สารภี", "แม่แตง", "เชียงดาว"]


def many_files() -> dict[str, str]:
    files = {
        "partners/thaihealth.th.md": PARTNER_TH,
        "partners/thaihealth.en.md": PARTNER_EN,
        "partners/songkhla-vhv.th.md": front_matter(
            title="ชมรมอาสาสมัครสาธารณสุขประจำหมู่บ้านจังหวัดสงขลา", short_name="ชมรม อสม.สงขลา", type="civil-society",
            provinces=["songkhla"], topics=["community-health"]) + "\nอาสาสมัครเยี่ยมบ้านผู้ป่วยติดเตียงและวัดความดันให้ผู้สูงอายุทุกเดือน\n",
        "reports/helmet-school.th.md": report(
            "โรงเรียนบ้านห้วยไคร้สวมหมวกกันน็อก 100 เปอร์เซ็นต์", "ครูและผู้ปกครองร่วมกันรณรงค์ให้นักเรียนสวมหมวกกันน็อกทุกครั้งที่ซ้อนรถจักรยานยนต์มาโรงเรียน ลดการบาดเจ็บจากการเดินทาง",
            slug="helmet-school", date="2566-08-01", provinces=["chiang-rai"], topics=["road-safety"]),
        "reports/smoke-free-beach.th.md": report(
            "หาดป่าตองปลอดบุหรี่", "เทศบาลติดป้ายห้ามสูบบนชายหาด อาสาสมัครเก็บก้นบุหรี่ได้หลายพันชิ้นในวันเดียว",
            slug="smoke-free-beach", date="2566-06-05", provinces=["phuket"], topics=["tobacco"]),
        "reports/smoke-free-beach.en.md": report(
            "Patong beach goes smoke-free", "The municipality put up no-smoking signs on the sand; volunteers picked up thousands of cigarette butts in a day.",
            slug="smoke-free-beach", lang="en", date="2023-06-05", provinces=["phuket"], topics=["tobacco"]),
        "reports/elder-walk.en.md": report(
            "Elders walk every morning in Lampang", "A club of older people walks three kilometres around the old town before breakfast.",
            slug="elder-walk", lang="en", date="2024-01-15", provinces=["lampang"], topics=["older-people", "physical-activity"]),
    }
    for n in range(24):
        village = VILLAGES[n % len(VILLAGES)]
        files[f"reports/rice-{n}.th.md"] = report(
            f"ยุ้งฉางชุมชนบ้าน{village} แห่งที่ {n + 1}", f"ชาวบ้าน{village}นำข้าวเปลือกมาฝากไว้ในยุ้งฉางกลางของหมู่บ้าน รอบที่ {n + 1}",
            slug=f"rice-{n}", date=f"2566-{n % 12 + 1:02d}-10", provinces=[RICE_PROVINCES[n % len(RICE_PROVINCES)]])
        files[f"reports/white-{n}.th.md"] = report(
            f"กลุ่มทอผ้าบ้าน{village} แห่งที่ {n + 1}", f"กลุ่มแม่บ้าน{village}ทอผ้าสีขาวล้วนไว้ใช้ในงานบวช รอบที่ {n + 1}",
            slug=f"white-{n}", date=f"2567-{n % 12 + 1:02d}-20", provinces=[WHITE_PROVINCES[n % len(WHITE_PROVINCES)]])
    return files


MANY_FILES = many_files()
