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
