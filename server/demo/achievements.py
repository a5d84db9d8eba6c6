"""Demo achievements for a newcomer's first run, drawn from the seed texts
(teacher professional development, cloud computing, green finance, stackable
micro-credentials), each in English, Simplified and Traditional Chinese."""

from __future__ import annotations

DEMO_ISSUER_NAME = {
    "en": "Satchel Demo Academy",
    "zh-Hans": "Satchel 演示学院",
    "zh-Hant": "Satchel 示範學院",
}

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
