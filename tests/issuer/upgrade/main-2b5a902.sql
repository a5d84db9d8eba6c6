BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'satchel','001_meta','2026-11-25 17:42:46.357363+00:00');
INSERT INTO "_sqlite_migrations" VALUES(2,'satchel','002_demo_issuer','2026-11-25 17:42:46.360989+00:00');
INSERT INTO "_sqlite_migrations" VALUES(3,'satchel','003_issuer','2026-11-25 17:42:46.380638+00:00');
INSERT INTO "_sqlite_migrations" VALUES(4,'satchel','004_issuer_claims','2026-11-25 17:42:46.389106+00:00');
INSERT INTO "_sqlite_migrations" VALUES(5,'satchel','005_issuer_p256_keys','2026-11-25 17:42:46.399874+00:00');
INSERT INTO "_sqlite_migrations" VALUES(6,'satchel','020_accounts','2026-11-25 17:42:46.408453+00:00');
INSERT INTO "_sqlite_migrations" VALUES(7,'satchel','021_backups','2026-11-25 17:42:46.421886+00:00');
INSERT INTO "_sqlite_migrations" VALUES(8,'satchel','022_sync','2026-11-25 17:42:46.425155+00:00');
INSERT INTO "_sqlite_migrations" VALUES(9,'satchel','010_shares','2026-11-25 17:42:46.435997+00:00');
INSERT INTO "_sqlite_migrations" VALUES(10,'satchel','030_offer_attempts','2026-11-25 17:42:46.441487+00:00');
INSERT INTO "_sqlite_migrations" VALUES(11,'satchel','040_verifier_requests','2026-11-25 17:42:46.562020+00:00');
INSERT INTO "_sqlite_migrations" VALUES(12,'satchel','041_oid4vci_offer_ref','2026-11-25 17:42:46.567465+00:00');
INSERT INTO "_sqlite_migrations" VALUES(13,'satchel','042_console_once','2026-11-25 17:42:46.619194+00:00');
CREATE TABLE "access_tokens" (
   "token_hash" TEXT PRIMARY KEY,
   "award_id" TEXT,
   "expires" REAL,
   "used" INTEGER DEFAULT 0
, "configs_used" TEXT NOT NULL DEFAULT '');
CREATE TABLE "account_sessions" (
   "session_hash" TEXT PRIMARY KEY,
   "account_id" TEXT NOT NULL REFERENCES "accounts"("id"),
   "credential_id" TEXT,
   "csrf" TEXT NOT NULL,
   "created" TEXT,
   "expires" REAL NOT NULL
);
CREATE TABLE "accounts" (
   "id" TEXT PRIMARY KEY,
   "user_handle" BLOB NOT NULL,
   "display_name" TEXT,
   "created" TEXT NOT NULL,
   "sync_seq" INTEGER DEFAULT 0
);
CREATE TABLE "achievements" (
   "id" TEXT PRIMARY KEY,
   "slug" TEXT,
   "version" INTEGER,
   "definition" TEXT,
   "created" TEXT
);
INSERT INTO "achievements" VALUES('ai-foundations-v1','ai-foundations',1,'{"slug": "ai-foundations", "achievementType": "Course", "name": {"en": "AI Foundations for University Teaching Staff", "zh-Hans": "高校教师人工智能基础", "zh-Hant": "高校教師人工智能基礎"}, "description": {"en": "A foundation-level course on what artificial intelligence is, how generative AI tools work, and how to use them responsibly in teaching and assessment.", "zh-Hans": "基础级别课程：什么是人工智能、生成式人工智能工具如何工作，以及如何在教学和评价中负责任地使用它们。", "zh-Hant": "基礎級別課程：甚麼是人工智能、生成式人工智能工具如何運作，以及如何在教學和評估中負責任地使用它們。"}, "criteria": {"en": "Completed four online modules and passed the final assessment with at least 60%.", "zh-Hans": "完成四个在线模块，并以不低于60%的成绩通过结业测评。", "zh-Hant": "完成四個網上單元，並以不低於60%的成績通過結業評核。"}, "learningOutcomes": {"en": ["Explain the basic concepts of machine learning and generative AI", "Design a classroom activity that uses an AI tool responsibly"], "zh-Hans": ["解释机器学习和生成式人工智能的基本概念", "设计一项负责任地使用人工智能工具的课堂活动"], "zh-Hant": ["解釋機器學習和生成式人工智能的基本概念", "設計一項負責任地使用人工智能工具的課堂活動"]}, "workload": "20 hours", "mode": "online", "level": null, "alignments": [{"targetName": "digital competence", "targetFramework": "ESCO", "targetUrl": "http://data.europa.eu/esco/skill/S5", "targetCode": "S5"}], "assessment": {"en": "Online quiz and a designed classroom activity", "zh-Hans": "在线测验与一项课堂活动设计", "zh-Hant": "網上測驗與一項課堂活動設計"}, "qualityAssurance": {"en": "Course reviewed by the academy''s teaching quality committee", "zh-Hans": "课程经学院教学质量委员会审核", "zh-Hant": "課程經學院教學質素委員會審核"}, "prerequisites": {"en": "None", "zh-Hans": "无", "zh-Hant": "無"}, "languages": ["en", "zh-Hans", "zh-Hant"]}','2026-11-25T17:42:46Z');
INSERT INTO "achievements" VALUES('cloud-computing-basics-v1','cloud-computing-basics',1,'{"slug": "cloud-computing-basics", "achievementType": "Course", "name": {"en": "Cloud Computing Basics", "zh-Hans": "云计算基础", "zh-Hant": "雲端運算基礎"}, "description": {"en": "Core ideas of cloud computing for teachers: service models, virtual desktops, and running a cloud classroom.", "zh-Hans": "面向教师的云计算核心概念：服务模式、云桌面，以及如何开展云课堂教学。", "zh-Hant": "面向教師的雲端運算核心概念：服務模式、雲端桌面，以及如何開展雲端課堂教學。"}, "criteria": {"en": "Built and ran a cloud-desktop lesson; assessed by a practical task.", "zh-Hans": "搭建并实施一节云桌面课程；以实践任务评价。", "zh-Hant": "搭建並實施一節雲端桌面課堂；以實踐任務評核。"}, "learningOutcomes": {"en": ["Compare IaaS, PaaS and SaaS", "Set up a virtual desktop classroom"], "zh-Hans": ["比较 IaaS、PaaS 和 SaaS", "搭建云桌面教室"], "zh-Hant": ["比較 IaaS、PaaS 和 SaaS", "搭建雲端桌面教室"]}, "workload": "15 hours", "mode": "blended", "level": null, "alignments": [], "assessment": {"en": "Practical task", "zh-Hans": "实践任务", "zh-Hant": "實踐任務"}, "qualityAssurance": {"en": "Internal review by the academy", "zh-Hans": "学院内部审核", "zh-Hant": "學院內部審核"}, "prerequisites": {"en": "Basic computer skills", "zh-Hans": "基本计算机技能", "zh-Hant": "基本電腦技能"}, "languages": ["en", "zh-Hans", "zh-Hant"]}','2026-11-25T17:42:46Z');
INSERT INTO "achievements" VALUES('green-finance-v1','green-finance',1,'{"slug": "green-finance", "achievementType": "MicroCredential", "name": {"en": "Green Finance", "zh-Hans": "绿色金融", "zh-Hant": "綠色金融"}, "description": {"en": "A 5-credit micro-credential on sustainable investment, green bonds and climate risk disclosure.", "zh-Hans": "5学分微证书：可持续投资、绿色债券与气候风险披露。", "zh-Hant": "5學分微證書：可持續投資、綠色債券與氣候風險披露。"}, "criteria": {"en": "Passed a written case-study assessment of a green bond issue.", "zh-Hans": "通过一项关于绿色债券发行的书面案例评估。", "zh-Hant": "通過一項關於綠色債券發行的書面個案評核。"}, "learningOutcomes": {"en": ["Assess whether a bond meets green bond principles", "Explain climate risk disclosure"], "zh-Hans": ["评估债券是否符合绿色债券原则", "解释气候风险披露"], "zh-Hant": ["評估債券是否符合綠色債券原則", "解釋氣候風險披露"]}, "creditsAvailable": 5, "workload": "50 hours", "mode": "online", "level": {"framework": "HKQF", "level": "4"}, "alignments": [], "assessment": {"en": "Written case study", "zh-Hans": "书面案例分析", "zh-Hant": "書面個案分析"}, "qualityAssurance": {"en": "Accredited at HKQF level 4 (demo)", "zh-Hans": "经资历架构第四级评审（演示）", "zh-Hant": "經資歷架構第四級評審（示範）"}, "prerequisites": {"en": "None", "zh-Hans": "无", "zh-Hant": "無"}, "languages": ["en", "zh-Hans", "zh-Hant"]}','2026-11-25T17:42:46Z');
INSERT INTO "achievements" VALUES('teacher-cpd-v1','teacher-cpd',1,'{"slug": "teacher-cpd", "achievementType": "Badge", "name": {"en": "Teacher CPD: Designing Teaching Videos", "zh-Hans": "教师专业发展：教学视频设计与制作", "zh-Hant": "教師專業發展：教學影片設計與製作"}, "description": {"en": "Continuing professional development badge for designing and producing short teaching videos.", "zh-Hans": "教师继续专业发展徽章：设计与制作教学短视频。", "zh-Hant": "教師持續專業發展徽章：設計與製作教學短片。"}, "criteria": {"en": "Submitted a five-minute teaching video reviewed by two peers.", "zh-Hans": "提交一段经两位同行评审的五分钟教学视频。", "zh-Hant": "提交一段經兩位同儕評審的五分鐘教學影片。"}, "learningOutcomes": {"en": [], "zh-Hans": [], "zh-Hant": []}, "workload": "8 hours", "mode": "on-site", "level": null, "alignments": [], "assessment": {"en": "Peer review of a submitted video", "zh-Hans": "同行评审提交的视频", "zh-Hant": "同儕評審提交的影片"}, "qualityAssurance": {"en": "Peer review by two qualified teachers", "zh-Hans": "两位合格教师同行评审", "zh-Hant": "兩位合格教師同儕評審"}, "prerequisites": {"en": "Practising teacher", "zh-Hans": "在职教师", "zh-Hant": "在職教師"}, "languages": ["en", "zh-Hans", "zh-Hant"]}','2026-11-25T17:42:46Z');
INSERT INTO "achievements" VALUES('esg-investing-v1','esg-investing',1,'{"achievementType": "MicroCredential", "creditsAvailable": 5, "workload": "50 hours", "mode": "online", "level": {"framework": "HKQF", "level": "4"}, "qualityAssurance": {"en": "Accredited at HKQF level 4 (demo)", "zh-Hans": "经资历架构第四级评审（演示）", "zh-Hant": "經資歷架構第四級評審（示範）"}, "languages": ["en", "zh-Hans", "zh-Hant"], "slug": "esg-investing", "name": {"en": "ESG Investing", "zh-Hans": "ESG 投资", "zh-Hant": "ESG 投資"}, "description": {"en": "A 5-credit micro-credential on environmental, social and governance criteria in investment decisions.", "zh-Hans": "5学分微证书：投资决策中的环境、社会与治理（ESG）标准。", "zh-Hant": "5學分微證書：投資決策中的環境、社會及管治（ESG）準則。"}, "criteria": {"en": "Passed an ESG portfolio analysis.", "zh-Hans": "通过一项 ESG 投资组合分析。", "zh-Hant": "通過一項 ESG 投資組合分析。"}, "learningOutcomes": {"en": ["Screen a portfolio against ESG criteria"], "zh-Hans": ["按 ESG 标准筛选投资组合"], "zh-Hant": ["按 ESG 準則篩選投資組合"]}, "assessment": {"en": "Portfolio analysis", "zh-Hans": "投资组合分析", "zh-Hant": "投資組合分析"}, "prerequisites": {"en": "None", "zh-Hans": "无", "zh-Hant": "無"}, "alignments": []}','2026-11-25T17:42:46Z');
INSERT INTO "achievements" VALUES('carbon-markets-v1','carbon-markets',1,'{"achievementType": "MicroCredential", "creditsAvailable": 5, "workload": "50 hours", "mode": "online", "level": {"framework": "HKQF", "level": "4"}, "qualityAssurance": {"en": "Accredited at HKQF level 4 (demo)", "zh-Hans": "经资历架构第四级评审（演示）", "zh-Hant": "經資歷架構第四級評審（示範）"}, "languages": ["en", "zh-Hans", "zh-Hant"], "slug": "carbon-markets", "name": {"en": "Carbon Markets", "zh-Hans": "碳市场", "zh-Hant": "碳市場"}, "description": {"en": "A 5-credit micro-credential on emissions trading and carbon accounting.", "zh-Hans": "5学分微证书：碳排放交易与碳核算。", "zh-Hant": "5學分微證書：碳排放交易與碳核算。"}, "criteria": {"en": "Passed a carbon accounting exercise.", "zh-Hans": "通过一项碳核算练习。", "zh-Hant": "通過一項碳核算練習。"}, "learningOutcomes": {"en": ["Explain how an emissions trading scheme prices carbon"], "zh-Hans": ["解释碳排放交易体系如何为碳定价"], "zh-Hant": ["解釋碳排放交易體系如何為碳定價"]}, "assessment": {"en": "Carbon accounting exercise", "zh-Hans": "碳核算练习", "zh-Hant": "碳核算練習"}, "prerequisites": {"en": "Green Finance", "zh-Hans": "绿色金融", "zh-Hant": "綠色金融"}, "alignments": []}','2026-11-25T17:42:46Z');
INSERT INTO "achievements" VALUES('sustainable-finance-certificate-v1','sustainable-finance-certificate',1,'{"slug": "sustainable-finance-certificate", "achievementType": "Certificate", "name": {"en": "Certificate in Sustainable Finance", "zh-Hans": "可持续金融证书", "zh-Hant": "可持續金融證書"}, "description": {"en": "A stackable certificate: awarded on completing the Green Finance, ESG Investing and Carbon Markets micro-credentials.", "zh-Hans": "可叠加证书：完成绿色金融、ESG 投资和碳市场三个微证书后颁发。", "zh-Hant": "可疊加證書：完成綠色金融、ESG 投資和碳市場三個微證書後頒發。"}, "criteria": {"en": "Holds all three micro-credentials of the pathway.", "zh-Hans": "持有该路径的全部三个微证书。", "zh-Hant": "持有該路徑的全部三個微證書。"}, "learningOutcomes": {"en": [], "zh-Hans": [], "zh-Hant": []}, "assessment": {"en": "Completion of the three micro-credentials", "zh-Hans": "完成三个微证书", "zh-Hant": "完成三個微證書"}, "qualityAssurance": {"en": "Accredited at HKQF level 4 (demo)", "zh-Hans": "经资历架构第四级评审（演示）", "zh-Hant": "經資歷架構第四級評審（示範）"}, "prerequisites": {"en": "Green Finance, ESG Investing, Carbon Markets", "zh-Hans": "绿色金融、ESG 投资、碳市场", "zh-Hant": "綠色金融、ESG 投資、碳市場"}, "creditsAvailable": 15, "workload": "150 hours", "mode": "online", "level": {"framework": "HKQF", "level": "4"}, "alignments": [], "languages": ["en", "zh-Hans", "zh-Hant"]}','2026-11-25T17:42:46Z');
CREATE TABLE "admin_sessions" (
   "session_hash" TEXT PRIMARY KEY,
   "csrf" TEXT,
   "expires" REAL
);
INSERT INTO "admin_sessions" VALUES('3ece501f66160f9e52ac956d4466add17e7b801b10d7ad64f25ef6f952c97e61','gTTjE8kfxpDqvmIuSPJU0tzx4H5gt1Vv',1.79567176720925235746e+09);
CREATE TABLE "admin_tokens" (
   "token_hash" TEXT PRIMARY KEY,
   "created" TEXT,
   "used" INTEGER DEFAULT 0
);
INSERT INTO "admin_tokens" VALUES('fe4ba76f08d88a95c939b131c634193198c3552851db457bfd7fd4be2ab2e804','2026-11-25T17:42:46Z',1);
INSERT INTO "admin_tokens" VALUES('1edeaef6fdc0f7180237c1580f67b40ad9bf30de2c626e32e0b92f31db7c14c8','2026-11-25T17:42:47Z',1);
CREATE TABLE "awards" (
   "id" TEXT PRIMARY KEY,
   "achievement_id" TEXT NOT NULL,
   "subject" TEXT NOT NULL,
   "lang" TEXT,
   "credential" TEXT NOT NULL,
   "status_index" INTEGER NOT NULL,
   "revoked" INTEGER DEFAULT 0,
   "suspended" INTEGER DEFAULT 0,
   "created" TEXT,
   "status_changed" TEXT
, "claim_hash" TEXT, "claim_expires" REAL);
INSERT INTO "awards" VALUES('ab5307fd-5463-49bb-9f32-800b9ad8a8b8','teacher-cpd-v1','did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK','zh-Hant','{"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", {"educationalLevel": {"@id": "https://schema.org/educationalLevel"}, "DefinedTerm": "https://schema.org/DefinedTerm", "DefinedTermSet": "https://schema.org/DefinedTermSet", "termCode": {"@id": "https://schema.org/termCode"}, "inDefinedTermSet": {"@id": "https://schema.org/inDefinedTermSet"}, "volumeOfLearning": {"@id": "http://data.europa.eu/snb/model/elm/volumeOfLearning", "@type": "http://www.w3.org/2001/XMLSchema#duration"}, "courseMode": {"@id": "https://schema.org/courseMode"}, "coursePrerequisites": {"@id": "https://schema.org/coursePrerequisites"}, "isPartOf": {"@id": "https://schema.org/isPartOf", "@type": "@id"}, "qualityAssurance": {"@id": "urn:satchel:vocab:qualityAssurance"}}], "id": "urn:uuid:ab5307fd-5463-49bb-9f32-800b9ad8a8b8", "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": {"id": "did:web:testserver.local", "type": ["Profile"], "name": "Satchel 示範學院", "url": "http://testserver.local"}, "validFrom": "2026-11-25T17:42:47Z", "name": "教師專業發展：教學影片設計與製作", "credentialSubject": {"id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "type": ["AchievementSubject"], "achievement": {"id": "http://testserver.local/issuer/achievements/teacher-cpd/v1", "type": ["Achievement"], "achievementType": "Badge", "name": "教師專業發展：教學影片設計與製作", "description": "教師持續專業發展徽章：設計與製作教學短片。", "criteria": {"narrative": "提交一段經兩位同儕評審的五分鐘教學影片。"}, "image": {"id": "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMjAiIGhlaWdodD0iMTIwIiB2aWV3Qm94PSIwIDAgMTIwIDEyMCI+PGNpcmNsZSBjeD0iNjAiIGN5PSI2MCIgcj0iNTYiIGZpbGw9IiMxZDRlZDgiLz48dGV4dCB4PSI2MCIgeT0iNjYiIGZvbnQtc2l6ZT0iMTQiIHRleHQtYW5jaG9yPSJtaWRkbGUiIGZpbGw9IiNmZmYiPkJhZGdlPC90ZXh0Pjwvc3ZnPg==", "type": "Image", "caption": "教師專業發展：教學影片設計與製作"}, "inLanguage": "zh-Hant", "version": "1", "resultDescription": [{"id": "http://testserver.local/issuer/achievements/teacher-cpd/v1#assessment", "type": ["ResultDescription"], "name": "同儕評審提交的影片", "resultType": "Status"}], "volumeOfLearning": "PT8H", "courseMode": "onsite", "qualityAssurance": "兩位合格教師同儕評審", "coursePrerequisites": "在職教師"}}, "credentialStatus": [{"id": "http://testserver.local/issuer/status/1#48732", "type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "48732", "statusListCredential": "http://testserver.local/issuer/status/1"}, {"id": "http://testserver.local/issuer/status/2#48732", "type": "BitstringStatusListEntry", "statusPurpose": "suspension", "statusListIndex": "48732", "statusListCredential": "http://testserver.local/issuer/status/2"}], "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2026-11-25T17:42:47Z", "verificationMethod": "did:web:testserver.local#key-1", "proofPurpose": "assertionMethod", "proofValue": "z4oiDFvEnMdcGYrED5W1BxDUYDLNRiePCiUYhwGEBQmyoF3QVy3ypu4ZW6qgXHghWSpbrsFYEYJd6scN9sEzgM51F"}}',48732,0,0,'2026-11-25T17:42:47Z',NULL,'fe62cbe03fd073a6eaffe46bf97c92f343a7952644c3901c1aed23c6b0557ff0',1.79822056755632877353e+09);
CREATE TABLE "backups" (
   "account_id" TEXT REFERENCES "accounts"("id"),
   "version" INTEGER,
   "ciphertext" BLOB NOT NULL,
   "keys" TEXT NOT NULL,
   "size" INTEGER NOT NULL,
   "created" TEXT NOT NULL,
   PRIMARY KEY ("account_id", "version")
);
CREATE TABLE "console_once" (
   "id" TEXT PRIMARY KEY,
   "session_hash" TEXT,
   "award_id" TEXT,
   "payload" TEXT,
   "expires" REAL
);
CREATE TABLE "issuer_keys" (
   "id" TEXT PRIMARY KEY,
   "did" TEXT,
   "private_key" TEXT,
   "created" TEXT
);
INSERT INTO "issuer_keys" VALUES('demo-issuer','did:key:z6MkrtpSu5kap5kpJWjHkQYTdg4wdRi9iKEJP9TTPjA8isFh','kek1:WmhQgazNF1fQekr7Q3J-NN7RpsiRex00V0ojnikPq0E-evCJs7XxCn9x7nLzEtKz0wflp8dN3x5jNd9Y','2026-11-25T17:42:46Z');
CREATE TABLE "issuer_p256_keys" (
   "id" TEXT PRIMARY KEY,
   "seq" INTEGER,
   "private_key" TEXT,
   "public_multibase" TEXT,
   "created" TEXT
);
INSERT INTO "issuer_p256_keys" VALUES('p256-key-1',1,'kek1:Qz5M6vm7W-8riTpdeBpPZCyXEbeS-8Sa5DavC0qIb4jfeiBHowXacaYmJDBfMPmfAemTf_zrJr_2VyS4ImA1_aOPA5VDh-V-XiVRaVIW3LShJWqXcpQBUBMnN4ltf6CAyCsL5UnwUFxW55BbDG8k9dm_ZlvIJtSYGoKEOIVvlO6SPihCfRZV03DIjZvzJeGIL79HETSpTCQR3R4NrGnACDWO_qN-9g','zDnaeSySMSxS1HPBowjdNcouwuGWWfn7pVoXac3FLyosenPKb','2026-11-25T17:42:46Z');
CREATE TABLE "issuer_signing_keys" (
   "id" TEXT PRIMARY KEY,
   "seq" INTEGER,
   "private_key" TEXT,
   "public_multibase" TEXT,
   "created" TEXT
);
INSERT INTO "issuer_signing_keys" VALUES('key-1',1,'kek1:m6G-5-lxn-qkypRnKLDWGcz2W49735U3GBPV1EKiw7KkcDsA377C20FXxW977nxkN4aifaucfkJalh8O','z6Mkha93NJm252HSzYEmZQXaaftBzJBUEAdJM9p4NFJdf5zs','2026-11-25T17:42:46Z');
CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT
);
CREATE TABLE "nonces" (
   "nonce" TEXT PRIMARY KEY,
   "expires" REAL,
   "used" INTEGER DEFAULT 0
);
CREATE TABLE "offers" (
   "code_hash" TEXT PRIMARY KEY,
   "award_id" TEXT,
   "tx_code_hash" TEXT,
   "expires" REAL,
   "used" INTEGER DEFAULT 0
, "tx_attempts" INTEGER NOT NULL DEFAULT 0, "ref_hash" TEXT);
INSERT INTO "offers" VALUES('fa8a9820c828b7df65c7fd301e9f689eb1523747cf70b042b0a24c62e4b3f9e0','ab5307fd-5463-49bb-9f32-800b9ad8a8b8',NULL,1.79562916755762386322e+09,0,0,'b53d37ee46627b940694197ef3d40e607b12918a51d642f5825c29c69e45570f');
CREATE TABLE "passkeys" (
   "credential_id" TEXT PRIMARY KEY,
   "account_id" TEXT NOT NULL REFERENCES "accounts"("id"),
   "public_key" BLOB NOT NULL,
   "sign_count" INTEGER NOT NULL,
   "transports" TEXT,
   "name" TEXT,
   "aaguid" TEXT,
   "device_type" TEXT,
   "backed_up" INTEGER,
   "created" TEXT NOT NULL,
   "last_used" TEXT
);
CREATE TABLE "pathways" (
   "slug" TEXT PRIMARY KEY,
   "definition" TEXT,
   "created" TEXT
);
INSERT INTO "pathways" VALUES('sustainable-finance','{"slug": "sustainable-finance", "name": {"en": "Sustainable Finance pathway", "zh-Hans": "可持续金融学习路径", "zh-Hant": "可持續金融學習路徑"}, "description": {"en": "Three 5-credit micro-credentials stack into the Certificate in Sustainable Finance.", "zh-Hans": "三个5学分微证书叠加为可持续金融证书。", "zh-Hant": "三個5學分微證書疊加為可持續金融證書。"}, "requires": ["green-finance", "esg-investing", "carbon-markets"], "awards": "sustainable-finance-certificate"}','2026-11-25T17:42:46Z');
CREATE TABLE "share_nonces" (
   "nonce" TEXT PRIMARY KEY,
   "expires" REAL,
   "used" INTEGER DEFAULT 0
);
CREATE TABLE "share_views" (
   "id" INTEGER PRIMARY KEY,
   "share_id" TEXT REFERENCES "shares"("id"),
   "at" REAL,
   "verifier_name" TEXT
);
CREATE TABLE "shares" (
   "id" TEXT PRIMARY KEY,
   "token_hash" TEXT NOT NULL,
   "manage_hash" TEXT NOT NULL,
   "label" TEXT,
   "presentation" TEXT NOT NULL,
   "holder" TEXT,
   "credential_count" INTEGER,
   "created" REAL NOT NULL,
   "expires" REAL NOT NULL,
   "revoked" REAL
);
CREATE TABLE "sync_items" (
   "account_id" TEXT REFERENCES "accounts"("id"),
   "item_id" TEXT,
   "version" INTEGER NOT NULL,
   "deleted" INTEGER NOT NULL,
   "ciphertext" BLOB,
   "seq" INTEGER NOT NULL,
   "modified" TEXT NOT NULL,
   PRIMARY KEY ("account_id", "item_id")
);
CREATE TABLE "vp_requests" (
   "id" TEXT PRIMARY KEY,
   "secret_hash" TEXT NOT NULL,
   "nonce" TEXT NOT NULL,
   "state" TEXT NOT NULL,
   "label" TEXT,
   "dcql" TEXT NOT NULL,
   "created" REAL NOT NULL,
   "expires" REAL NOT NULL,
   "answered" REAL,
   "result" TEXT,
   "first_read" REAL,
   "delete_after" REAL NOT NULL,
   "response_mode" TEXT NOT NULL,
   "enc_jwk" TEXT,
   "enc_key" TEXT
);
CREATE TABLE "webauthn_challenges" (
   "challenge_hash" TEXT PRIMARY KEY,
   "purpose" TEXT,
   "account_id" TEXT,
   "user_handle" BLOB,
   "display_name" TEXT,
   "expires" REAL,
   "used" INTEGER DEFAULT 0
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE UNIQUE INDEX "idx_achievements_slug_version"
    ON "achievements" ("slug", "version");
CREATE UNIQUE INDEX "idx_issuer_signing_keys_seq"
    ON "issuer_signing_keys" ("seq");
CREATE UNIQUE INDEX "idx_awards_status_index"
    ON "awards" ("status_index");
CREATE UNIQUE INDEX "idx_awards_claim_hash"
    ON "awards" ("claim_hash");
CREATE UNIQUE INDEX "idx_issuer_p256_keys_seq"
    ON "issuer_p256_keys" ("seq");
CREATE UNIQUE INDEX "idx_accounts_user_handle"
    ON "accounts" ("user_handle");
CREATE INDEX "idx_passkeys_account_id"
    ON "passkeys" ("account_id");
CREATE INDEX "idx_account_sessions_account_id"
    ON "account_sessions" ("account_id");
CREATE UNIQUE INDEX "idx_sync_items_account_id_seq"
    ON "sync_items" ("account_id", "seq");
CREATE UNIQUE INDEX "idx_shares_token_hash"
    ON "shares" ("token_hash");
CREATE INDEX "idx_shares_manage_hash"
    ON "shares" ("manage_hash");
CREATE INDEX "idx_share_views_share_id_at"
    ON "share_views" ("share_id", "at");
CREATE UNIQUE INDEX "idx_vp_requests_secret_hash"
    ON "vp_requests" ("secret_hash");
CREATE UNIQUE INDEX "idx_vp_requests_nonce"
    ON "vp_requests" ("nonce");
CREATE UNIQUE INDEX "idx_vp_requests_state"
    ON "vp_requests" ("state");
CREATE INDEX "idx_vp_requests_delete_after"
    ON "vp_requests" ("delete_after");
CREATE INDEX "idx_offers_ref_hash"
    ON "offers" ("ref_hash");
COMMIT;
