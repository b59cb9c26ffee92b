"""The sites the gates run over: the bundled content (built once per test session) and a small fixture
site with every kind of item in both languages (built once per session; tests that break it copy it)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitebuilder import PARTNER_EN, PARTNER_TH, ROOT, Result, build, write_content
from sitebuilder import tiny_jpeg as sitebuilder_jpeg


def tiny_jpeg(width=48, height=32, color=(30, 120, 90), exif=None) -> bytes:
    return sitebuilder_jpeg(width, height, color, exif)


REPORT_TH = """\
---
title: เวทีแลกเปลี่ยนความมั่นคงทางอาหาร นครพนม
slug: food-forum
date: 2566-05-05
provinces: [nakhon-phanom]
partners: [thaihealth]
topics: [food-security]
summary: ภาคีเครือข่ายจังหวัดนครพนมร่วมวางแผนความมั่นคงทางอาหารของชุมชน
cover: images/forum.jpg
cover_alt: ผู้เข้าร่วมเวทีนั่งล้อมวงคุยกัน
objectives: [แลกเปลี่ยนบทเรียน, วางแผนร่วมกัน]
participants: {planned: 60, actual: 48}
outcome_rating: 3
problems: ฝนตกหนักในวันจัดงาน
recommendations: จัดเวทีย่อยในแต่ละอำเภอ
---
## กิจกรรมที่ทำ

ภาคีเครือข่ายร่วมกันสำรวจแหล่งอาหารในชุมชนและวางแผนปลูกผักปลอดสารพิษ

## ผลที่ได้

ได้แผนงานของแต่ละตำบล [อ่านเพิ่ม](#ผลที่ได้)
"""

REPORT_EN = """\
---
title: Food security forum, Nakhon Phanom
slug: food-forum
date: 2023-05-05
provinces: [nakhon-phanom]
partners: [thaihealth]
topics: [food-security]
summary: Partners in Nakhon Phanom planned community food security together.
cover: images/forum.jpg
cover_alt: Participants sitting in a circle
participants: {planned: 60, actual: 48}
outcome_rating: 3
---
## What was done

The partners surveyed food sources in the community and planned chemical-free vegetable gardens.
"""

NEWS_TH = """\
---
title: ลงนามความร่วมมือเครือข่ายสุขภาพชุมชน
slug: mou-signing
date: 2565-06-06
provinces: [songkhla]
summary: องค์กรปกครองส่วนท้องถิ่นลงนามความร่วมมือกับภาคีเครือข่าย
---
องค์กรปกครองส่วนท้องถิ่นสิบสองแห่งลงนามความร่วมมือเพื่อสุขภาพชุมชน
"""

PAGE_TH = """\
---
title: เกี่ยวกับเรา
slug: about
menu: เกี่ยวกับเรา
---
ข่าวสารจากภาคีเครือข่ายสร้างเสริมสุขภาพทุกภูมิภาค
"""

PAGE_EN = """\
---
title: About us
slug: about
menu: About
---
News from the health-promotion partner networks of every region.
"""


def small_site_files() -> dict:
    return {
        "reports/food-forum.th.md": REPORT_TH,
        "reports/food-forum.en.md": REPORT_EN,
        "news/mou-signing.th.md": NEWS_TH,
        "pages/about.th.md": PAGE_TH,
        "pages/about.en.md": PAGE_EN,
        "partners/thaihealth.th.md": PARTNER_TH,
        "partners/thaihealth.en.md": PARTNER_EN,
        "images/forum.jpg": tiny_jpeg(),
    }


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> Result:
    """The bundled content/ built once per session, exactly as `make site` builds it."""
    return build(tmp_path_factory.mktemp("bundled"), content=ROOT / "content")


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Result:
    """A small good site: a report in both languages, a Thai-only news item, a page, a partner, a photo."""
    return build(tmp_path_factory.mktemp("small"), small_site_files())


@pytest.fixture
def small_copy(small_site, tmp_path) -> Path:
    """A private copy of the small site's output, for tests that put a bad page or asset into it."""
    small_site.ok()
    target = tmp_path / "output"
    shutil.copytree(small_site.output, target)
    return target
