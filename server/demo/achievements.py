"""Demo achievements for a newcomer's first run, drawn from the seed texts
(teacher professional development, cloud computing, green finance, stackable
micro-credentials), each in English, Simplified and Traditional Chinese. The
issuer that awards them, and its name, are the one issuer (settings.issuer_names)."""

from __future__ import annotations

DEMO_ACHIEVEMENTS: list[dict] = [
    {
        "slug": "ai-foundations",
        "achievementType": "Course",
        "name": {
            "en": "AI Foundations for University Teaching Staff",
            "zh-Hans": "高校教师人工智能基础",
            "zh-Hant": "高校教師人工智能基礎",
        },
        "description": {
            "en": "A foundation-level course on what artificial intelligence is, how generative AI "
            "tools work, and how to use them responsibly in teaching and assessment.",
            "zh-Hans": "基础级别课程：什么是人工智能、生成式人工智能工具如何工作，以及如何在教学和评价中负责任地使用它们。",
            "zh-Hant": "基礎級別課程：甚麼是人工智能、生成式人工智能工具如何運作，以及如何在教學和評估中負責任地使用它們。",
        },
        "criteria": {
            "en": "Completed four online modules and passed the final assessment with at least 60%.",
            "zh-Hans": "完成四个在线模块，并以不低于60%的成绩通过结业测评。",
            "zh-Hant": "完成四個網上單元，並以不低於60%的成績通過結業評核。",
        },
        "learningOutcomes": {
            "en": [
                "Explain the basic concepts of machine learning and generative AI",
                "Design a classroom activity that uses an AI tool responsibly",
            ],
            "zh-Hans": ["解释机器学习和生成式人工智能的基本概念", "设计一项负责任地使用人工智能工具的课堂活动"],
            "zh-Hant": ["解釋機器學習和生成式人工智能的基本概念", "設計一項負責任地使用人工智能工具的課堂活動"],
        },
        "workload": "20 hours",
        "mode": "online",
        "level": None,
        "alignments": [
            {
                "targetName": "digital competence",
                "targetFramework": "ESCO",
                "targetUrl": "http://data.europa.eu/esco/skill/S5",
                "targetCode": "S5",
            }
        ],
    },
    {
        "slug": "cloud-computing-basics",
        "achievementType": "Course",
        "name": {"en": "Cloud Computing Basics", "zh-Hans": "云计算基础", "zh-Hant": "雲端運算基礎"},
        "description": {
            "en": "Core ideas of cloud computing for teachers: service models, virtual desktops, and "
            "running a cloud classroom.",
            "zh-Hans": "面向教师的云计算核心概念：服务模式、云桌面，以及如何开展云课堂教学。",
            "zh-Hant": "面向教師的雲端運算核心概念：服務模式、雲端桌面，以及如何開展雲端課堂教學。",
        },
        "criteria": {
            "en": "Built and ran a cloud-desktop lesson; assessed by a practical task.",
            "zh-Hans": "搭建并实施一节云桌面课程；以实践任务评价。",
            "zh-Hant": "搭建並實施一節雲端桌面課堂；以實踐任務評核。",
        },
        "learningOutcomes": {
            "en": ["Compare IaaS, PaaS and SaaS", "Set up a virtual desktop classroom"],
            "zh-Hans": ["比较 IaaS、PaaS 和 SaaS", "搭建云桌面教室"],
            "zh-Hant": ["比較 IaaS、PaaS 和 SaaS", "搭建雲端桌面教室"],
        },
        "workload": "15 hours",
        "mode": "blended",
        "level": None,
        "alignments": [],
    },
    {
        "slug": "green-finance",
        "achievementType": "MicroCredential",
        "name": {"en": "Green Finance", "zh-Hans": "绿色金融", "zh-Hant": "綠色金融"},
        "description": {
            "en": "A 5-credit micro-credential on sustainable investment, green bonds and climate "
            "risk disclosure.",
            "zh-Hans": "5学分微证书：可持续投资、绿色债券与气候风险披露。",
            "zh-Hant": "5學分微證書：可持續投資、綠色債券與氣候風險披露。",
        },
        "criteria": {
            "en": "Passed a written case-study assessment of a green bond issue.",
            "zh-Hans": "通过一项关于绿色债券发行的书面案例评估。",
            "zh-Hant": "通過一項關於綠色債券發行的書面個案評核。",
        },
        "learningOutcomes": {
            "en": ["Assess whether a bond meets green bond principles", "Explain climate risk disclosure"],
            "zh-Hans": ["评估债券是否符合绿色债券原则", "解释气候风险披露"],
            "zh-Hant": ["評估債券是否符合綠色債券原則", "解釋氣候風險披露"],
        },
        "creditsAvailable": 5,
        "workload": "50 hours",
        "mode": "online",
        "level": {"framework": "HKQF", "level": "4"},
        "alignments": [],
    },
    {
        "slug": "teacher-cpd",
        "achievementType": "Badge",
        "name": {
            "en": "Teacher CPD: Designing Teaching Videos",
            "zh-Hans": "教师专业发展：教学视频设计与制作",
            "zh-Hant": "教師專業發展：教學影片設計與製作",
        },
        "description": {
            "en": "Continuing professional development badge for designing and producing short teaching videos.",
            "zh-Hans": "教师继续专业发展徽章：设计与制作教学短视频。",
            "zh-Hant": "教師持續專業發展徽章：設計與製作教學短片。",
        },
        "criteria": {
            "en": "Submitted a five-minute teaching video reviewed by two peers.",
            "zh-Hans": "提交一段经两位同行评审的五分钟教学视频。",
            "zh-Hant": "提交一段經兩位同儕評審的五分鐘教學影片。",
        },
        "learningOutcomes": {"en": [], "zh-Hans": [], "zh-Hant": []},
        "workload": "8 hours",
        "mode": "on-site",
        "level": None,
        "alignments": [],
    },
]


def _t(en: str, hans: str, hant: str) -> dict:
    return {"en": en, "zh-Hans": hans, "zh-Hant": hant}


# Fields the full issuer adds to every definition (assessment, quality assurance,
# prerequisites, participation mode in words, languages).
_EXTRA: dict[str, dict] = {
    "ai-foundations": {
        "assessment": _t("Online quiz and a designed classroom activity", "在线测验与一项课堂活动设计", "網上測驗與一項課堂活動設計"),
        "qualityAssurance": _t("Course reviewed by the academy's teaching quality committee", "课程经学院教学质量委员会审核", "課程經學院教學質素委員會審核"),
        "prerequisites": _t("None", "无", "無"),
    },
    "cloud-computing-basics": {
        "assessment": _t("Practical task", "实践任务", "實踐任務"),
        "qualityAssurance": _t("Internal review by the academy", "学院内部审核", "學院內部審核"),
        "prerequisites": _t("Basic computer skills", "基本计算机技能", "基本電腦技能"),
    },
    "green-finance": {
        "assessment": _t("Written case study", "书面案例分析", "書面個案分析"),
        "qualityAssurance": _t("Accredited at HKQF level 4 (demo)", "经资历架构第四级评审（演示）", "經資歷架構第四級評審（示範）"),
        "prerequisites": _t("None", "无", "無"),
    },
    "teacher-cpd": {
        "assessment": _t("Peer review of a submitted video", "同行评审提交的视频", "同儕評審提交的影片"),
        "qualityAssurance": _t("Peer review by two qualified teachers", "两位合格教师同行评审", "兩位合格教師同儕評審"),
        "prerequisites": _t("Practising teacher", "在职教师", "在職教師"),
    },
}
for _definition in DEMO_ACHIEVEMENTS:
    _definition.update(_EXTRA[_definition["slug"]])
    _definition.setdefault("languages", ["en", "zh-Hans", "zh-Hant"])

_MICRO = {
    "achievementType": "MicroCredential",
    "creditsAvailable": 5,
    "workload": "50 hours",
    "mode": "online",
    "level": {"framework": "HKQF", "level": "4"},
    "qualityAssurance": _EXTRA["green-finance"]["qualityAssurance"],
    "languages": ["en", "zh-Hans", "zh-Hant"],
}
DEMO_ACHIEVEMENTS += [
    {
        **_MICRO,
        "slug": "esg-investing",
        "name": _t("ESG Investing", "ESG 投资", "ESG 投資"),
        "description": _t(
            "A 5-credit micro-credential on environmental, social and governance criteria in investment decisions.",
            "5学分微证书：投资决策中的环境、社会与治理（ESG）标准。",
            "5學分微證書：投資決策中的環境、社會及管治（ESG）準則。",
        ),
        "criteria": _t("Passed an ESG portfolio analysis.", "通过一项 ESG 投资组合分析。", "通過一項 ESG 投資組合分析。"),
        "learningOutcomes": {
            "en": ["Screen a portfolio against ESG criteria"],
            "zh-Hans": ["按 ESG 标准筛选投资组合"],
            "zh-Hant": ["按 ESG 準則篩選投資組合"],
        },
        "assessment": _t("Portfolio analysis", "投资组合分析", "投資組合分析"),
        "prerequisites": _t("None", "无", "無"),
        "alignments": [],
    },
    {
        **_MICRO,
        "slug": "carbon-markets",
        "name": _t("Carbon Markets", "碳市场", "碳市場"),
        "description": _t(
            "A 5-credit micro-credential on emissions trading and carbon accounting.",
            "5学分微证书：碳排放交易与碳核算。",
            "5學分微證書：碳排放交易與碳核算。",
        ),
        "criteria": _t("Passed a carbon accounting exercise.", "通过一项碳核算练习。", "通過一項碳核算練習。"),
        "learningOutcomes": {
            "en": ["Explain how an emissions trading scheme prices carbon"],
            "zh-Hans": ["解释碳排放交易体系如何为碳定价"],
            "zh-Hant": ["解釋碳排放交易體系如何為碳定價"],
        },
        "assessment": _t("Carbon accounting exercise", "碳核算练习", "碳核算練習"),
        "prerequisites": _t("Green Finance", "绿色金融", "綠色金融"),
        "alignments": [],
    },
    {
        "slug": "sustainable-finance-certificate",
        "achievementType": "Certificate",
        "name": _t("Certificate in Sustainable Finance", "可持续金融证书", "可持續金融證書"),
        "description": _t(
            "A stackable certificate: awarded on completing the Green Finance, ESG Investing and Carbon Markets micro-credentials.",
            "可叠加证书：完成绿色金融、ESG 投资和碳市场三个微证书后颁发。",
            "可疊加證書：完成綠色金融、ESG 投資和碳市場三個微證書後頒發。",
        ),
        "criteria": _t(
            "Holds all three micro-credentials of the pathway.",
            "持有该路径的全部三个微证书。",
            "持有該路徑的全部三個微證書。",
        ),
        "learningOutcomes": {"en": [], "zh-Hans": [], "zh-Hant": []},
        "assessment": _t("Completion of the three micro-credentials", "完成三个微证书", "完成三個微證書"),
        "qualityAssurance": _EXTRA["green-finance"]["qualityAssurance"],
        "prerequisites": _t("Green Finance, ESG Investing, Carbon Markets", "绿色金融、ESG 投资、碳市场", "綠色金融、ESG 投資、碳市場"),
        "creditsAvailable": 15,
        "workload": "150 hours",
        "mode": "online",
        "level": {"framework": "HKQF", "level": "4"},
        "alignments": [],
        "languages": ["en", "zh-Hans", "zh-Hant"],
    },
]

DEMO_PATHWAYS: list[dict] = [
    {
        "slug": "sustainable-finance",
        "name": _t("Sustainable Finance pathway", "可持续金融学习路径", "可持續金融學習路徑"),
        "description": _t(
            "Three 5-credit micro-credentials stack into the Certificate in Sustainable Finance.",
            "三个5学分微证书叠加为可持续金融证书。",
            "三個5學分微證書疊加為可持續金融證書。",
        ),
        "requires": ["green-finance", "esg-investing", "carbon-markets"],
        "awards": "sustainable-finance-certificate",
    }
]
