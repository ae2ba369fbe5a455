"""Names for the demo's enterprises, buyers, contacts and service providers."""

from __future__ import annotations

import random
import unicodedata

# Trade names (字号) with their pinyin, as Chinese firms romanise them.
TRADE_NAMES = [
    ("恒发", "Hengfa"), ("瑞丰", "Ruifeng"), ("鑫源", "Xinyuan"), ("华美", "Huamei"), ("金诺", "Jinnuo"),
    ("博远", "Boyuan"), ("海川", "Haichuan"), ("盛泰", "Shengtai"), ("永晟", "Yongsheng"), ("宏图", "Hongtu"),
    ("润达", "Runda"), ("佳艺", "Jiayi"), ("东岳", "Dongyue"), ("长青", "Changqing"), ("新锐", "Xinrui"),
    ("天成", "Tiancheng"), ("汇通", "Huitong"), ("明泽", "Mingze"), ("嘉禾", "Jiahe"), ("圣诺", "Shengnuo"),
    ("卓越", "Zhuoyue"), ("伟业", "Weiye"), ("丰华", "Fenghua"), ("腾达", "Tengda"), ("安泰", "Antai"),
    ("德润", "Derun"), ("惠康", "Huikang"), ("启航", "Qihang"), ("蓝海", "Lanhai"), ("金鼎", "Jinding"),
    ("诺亚", "Nuoya"), ("美琳", "Meilin"), ("雅韵", "Yayun"), ("琴声", "Qinsheng"), ("森源", "Senyuan"),
    ("乐途", "Letu"), ("童趣", "Tongqu"), ("康佳", "Kangjia"), ("恒通", "Hengtong"), ("鲁丰", "Lufeng"),
    ("齐鲁", "Qilu"), ("胶东", "Jiaodong"), ("崂山", "Laoshan"), ("凤凰", "Fenghuang"), ("鸿运", "Hongyun"),
    ("泰和", "Taihe"), ("金秋", "Jinqiu"), ("绿源", "Lvyuan"), ("丽人", "Liren"), ("雅美", "Yamei"),
    ("瑞祥", "Ruixiang"), ("信达", "Xinda"), ("宝丰", "Baofeng"), ("正阳", "Zhengyang"), ("久大", "Jiuda"),
    ("万利", "Wanli"), ("中润", "Zhongrun"), ("华强", "Huaqiang"), ("盛世", "Shengshi"), ("福瑞", "Furui"),
    ("安吉", "Anji"), ("天润", "Tianrun"), ("聚源", "Juyuan"), ("同创", "Tongchuang"), ("优品", "Youpin"),
    ("顺发", "Shunfa"), ("新港", "Xingang"), ("银河", "Yinhe"), ("万象", "Wanxiang"), ("海纳", "Haina"),
]

CITY_PREFIX = {"青岛市": ("青岛", "Qingdao"), "潍坊市": ("潍坊", "Weifang")}
COUNTY_PREFIX = {"胶州市": ("胶州", "Jiaozhou"), "平度市": ("平度", "Pingdu"), "安丘市": ("安丘", "Anqiu")}

# Category → (Chinese industry word, English industry words).
INDUSTRY_WORDS = {
    "wigs": [("发制品", "Hair Products"), ("假发", "Wigs"), ("美发用品", "Hair Beauty")],
    "eyelashes": [("睫毛制品", "Eyelash Products"), ("美妆用品", "Beauty Products"), ("工艺品", "Crafts")],
    "furniture": [("家具", "Furniture"), ("木业", "Wood Industry"), ("家居用品", "Home Furnishing")],
    "playground": [("游乐设备", "Amusement Equipment"), ("玩具", "Toys"), ("体育用品", "Sporting Goods")],
    "auto_parts": [("汽车配件", "Auto Parts"), ("制动系统", "Brake Systems"), ("机械", "Machinery"), ("橡胶", "Rubber")],
    "textiles": [("纺织", "Textile"), ("家纺", "Home Textile"), ("服饰", "Garment")],
    "instruments": [("乐器", "Musical Instruments"), ("文化用品", "Cultural Products")],
    "seasonings": [("调味品", "Seasoning"), ("食品", "Foodstuffs"), ("脱水蔬菜", "Dehydrated Vegetables")],
    "agri_produce": [("农产品", "Agricultural Products"), ("果蔬", "Fruits and Vegetables"), ("食品", "Foods")],
    "smart_home": [("智能科技", "Smart Technology"), ("电器", "Electric Appliance"), ("电子科技", "Electronic Technology")],
    "food_beverage": [("食品", "Food"), ("饮品", "Beverage"), ("啤酒", "Brewery")],
}

SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
            ("马", "Ma"), ("高", "Gao"), ("林", "Lin"), ("郭", "Guo"), ("于", "Yu"), ("姜", "Jiang")]
GIVEN = [("建国", "Jianguo"), ("丽娜", "Lina"), ("海燕", "Haiyan"), ("志强", "Zhiqiang"), ("晓明", "Xiaoming"),
         ("静", "Jing"), ("磊", "Lei"), ("娟", "Juan"), ("伟", "Wei"), ("芳", "Fang"), ("洋", "Yang"),
         ("雪梅", "Xuemei"), ("俊杰", "Junjie"), ("红霞", "Hongxia"), ("鹏", "Peng"), ("倩", "Qian")]


def chinese_person(rng: random.Random) -> tuple[str, str]:
    sur, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    return sur[0] + given[0], f"{given[1]} {sur[1]}"


# Buyers: per country, given names, family names and company-name patterns ({n} a surname or word).
PEOPLE: dict[str, tuple[list[str], list[str]]] = {
    "en": (["James", "Olivia", "Michael", "Sophia", "David", "Emma", "Daniel", "Grace", "Ryan", "Chloe", "Kevin",
            "Aisha", "Tunde", "Priya", "Rahul", "Fatima", "Omar", "Wei Ling", "Jasmine", "Nomvula"],
           ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Walker", "Okafor", "Adeyemi", "Sharma", "Patel",
            "Al-Harbi", "Tan", "Lim", "Nguyen", "Santos", "Reyes", "Dlamini", "Khumalo", "Kaya", "Lee"]),
    "es": (["Carlos", "María", "José", "Lucía", "Javier", "Sofía", "Diego", "Valentina", "Andrés", "Camila"],
           ["García", "Martínez", "López", "Hernández", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Torres"]),
    "pt": (["João", "Ana", "Pedro", "Mariana", "Lucas", "Beatriz", "Rafael", "Juliana"],
           ["Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira"]),
    "de": (["Thomas", "Anna", "Stefan", "Julia", "Markus", "Laura", "Andreas", "Katrin"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"]),
    "fr": (["Pierre", "Camille", "Julien", "Manon", "Nicolas", "Chloé", "Antoine", "Léa"],
           ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefebvre", "Roux", "Fournier"]),
    "ru": (["Алексей", "Ольга", "Дмитрий", "Наталья", "Сергей", "Екатерина", "Айдос", "Гульнара", "Азиз", "Дилноза"],
           ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Нурланов", "Ахметов", "Каримов", "Юсупов", "Волков"]),
    "ja": (["翔太", "美咲", "健一", "由美", "大輔", "彩", "拓也", "真由美"],
           ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村"]),
    "ko": (["민준", "서연", "지훈", "하은", "현우", "지민"], ["김", "이", "박", "최", "정", "강"]),
    "id": (["Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Hendra", "Ayu"],
           ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kusuma", "Pratama", "Setiawan", "Lestari"]),
    "zh": (["志明", "美玲", "伟强", "慧敏", "家豪", "丽华"], ["陈", "林", "黄", "李", "吴", "张"]),
}

ROMAN = {"ru": "ru", "ja": "ja", "ko": "ko", "zh": "zh"}

COMPANY_PATTERNS: dict[str, list[str]] = {
    "US": ["{w} Beauty Supply LLC", "{w} Home Goods Inc.", "{w} Trading Co.", "{w} Imports LLC", "{w} Hair Studio",
           "{w} Outdoor Play Inc.", "{w} Auto Supply", "{w} Wholesale Corp."],
    "CA": ["{w} Distribution Ltd.", "{w} Home Inc.", "{w} Beauty Bar"],
    "GB": ["{w} Trading Ltd", "{w} Home & Garden Ltd", "{w} Hair Lounge", "{w} Motor Factors Ltd"],
    "AU": ["{w} Imports Pty Ltd", "{w} Outdoor Living Pty Ltd", "{w} Beauty Pty Ltd"],
    "NZ": ["{w} Trading Ltd", "{w} Living NZ Ltd"],
    "IE": ["{w} Trading Ltd"],
    "DE": ["{w} Handels GmbH", "{w} Import & Export GmbH", "{w} Wohnwelt GmbH", "{w} Autoteile GmbH"],
    "FR": ["{w} Distribution SARL", "{w} Maison SAS", "{w} Beauté SARL"],
    "ES": ["Distribuciones {w} S.L.", "Comercial {w} S.A.", "Belleza {w} S.L."],
    "IT": ["{w} Import S.r.l.", "{w} Casa S.r.l.", "{w} Distribuzione S.p.A."],
    "NL": ["{w} Trading B.V.", "{w} Wonen B.V."],
    "PL": ["{w} Sp. z o.o.", "{w} Import Sp. z o.o."],
    "RU": ["ООО «{w}»", "ООО «{w} Трейд»", "ООО «Автодеталь-{w}»"],
    "KZ": ["ТОО «{w}»", "ТОО «{w} Импорт»"],
    "UZ": ["ООО «{w} Savdo»", "ООО «{w}»"],
    "TR": ["{w} Dış Ticaret Ltd. Şti.", "{w} İthalat A.Ş."],
    "SA": ["{w} Trading Est.", "{w} Group Co."],
    "AE": ["{w} General Trading LLC", "{w} FZE"],
    "NG": ["{w} Global Ventures Ltd", "{w} Hair Empire", "{w} Enterprises Nig. Ltd"],
    "ZA": ["{w} Trading (Pty) Ltd", "{w} Hair Salon"],
    "IN": ["{w} Exim Pvt. Ltd.", "{w} Traders Pvt. Ltd."],
    "JP": ["株式会社{w}商事", "{w}トレーディング株式会社", "株式会社{w}"],
    "KR": ["(주){w}무역", "{w}코리아"],
    "ID": ["PT {w} Jaya Abadi", "CV {w} Makmur", "PT {w} Sukses Mandiri"],
    "MY": ["{w} Trading Sdn. Bhd.", "{w} Enterprise Sdn. Bhd."],
    "TH": ["{w} Trading Co., Ltd.", "{w} (Thailand) Co., Ltd."],
    "VN": ["Công ty TNHH {w}", "{w} Trading JSC"],
    "PH": ["{w} Trading Corp.", "{w} Enterprises Inc."],
    "SG": ["{w} Pte. Ltd.", "{w} Trading Pte. Ltd."],
    "MX": ["Comercializadora {w} S.A. de C.V.", "Importadora {w} S.A. de C.V."],
    "BR": ["{w} Comércio Ltda.", "{w} Importadora Ltda."],
    "CL": ["Importadora {w} SpA", "Comercial {w} Ltda."],
}

COMPANY_WORDS: dict[str, list[str]] = {
    "en": ["Crown", "Summit", "Blue Harbor", "Golden Gate", "Evergreen", "Silverline", "Pioneer", "Lakeside",
           "Northstar", "Royal", "Apex", "Sunrise", "Oakwood", "Liberty", "Coastal", "Prime", "Ivory", "Maple"],
    "de": ["Rheinland", "Nordstern", "Alpen", "Hansa", "Sonnen", "Elbe"],
    "fr": ["Lumière", "Provence", "Atlantique", "Étoile", "Seine"],
    "es": ["Sol", "Andina", "Pacífico", "Aurora", "Costa Azul", "Montaña"],
    "pt": ["Brasil Sul", "Horizonte", "Atlântico", "Estrela"],
    "ru": ["Восток", "Сибирь", "Меридиан", "Альфа", "Евразия", "Самарканд", "Алатау"],
    "ja": ["さくら", "富士", "みなと", "あおば", "ひかり"],
    "ko": ["한빛", "대성", "미래", "서울"],
    "id": ["Sinar", "Maju", "Cahaya", "Nusantara", "Mitra"],
    "it": ["Milano", "Toscana", "Adriatica", "Aurora"],
    "nl": ["Oranje", "Delta", "Holland"],
    "pl": ["Polmarket", "Wisła", "Baltic"],
    "tr": ["Anadolu", "Boğaziçi", "Ege"],
    "vi": ["Hoàng Long", "Sài Gòn", "Thành Công"],
}

COUNTRY_WORDS = {"IT": "it", "NL": "nl", "PL": "pl", "TR": "tr", "VN": "vi", "DE": "de", "FR": "fr", "ES": "es",
                 "MX": "es", "CL": "es", "BR": "pt", "RU": "ru", "KZ": "ru", "UZ": "ru", "JP": "ja", "KR": "ko",
                 "ID": "id"}

PHONE_CODES = {"US": "+1", "CA": "+1", "MX": "+52", "BR": "+55", "CL": "+56", "GB": "+44", "DE": "+49", "FR": "+33",
               "ES": "+34", "IT": "+39", "NL": "+31", "PL": "+48", "RU": "+7", "KZ": "+7", "UZ": "+998", "TR": "+90",
               "SA": "+966", "AE": "+971", "NG": "+234", "ZA": "+27", "IN": "+91", "JP": "+81", "KR": "+82",
               "AU": "+61", "NZ": "+64", "ID": "+62", "MY": "+60", "TH": "+66", "VN": "+84", "PH": "+63", "SG": "+65"}

TLD = {"US": "com", "CA": "ca", "GB": "co.uk", "AU": "com.au", "NZ": "co.nz", "DE": "de", "FR": "fr", "ES": "es",
       "IT": "it", "NL": "nl", "PL": "pl", "RU": "ru", "KZ": "kz", "UZ": "uz", "TR": "com.tr", "SA": "sa", "AE": "ae",
       "NG": "com.ng", "ZA": "co.za", "IN": "in", "JP": "co.jp", "KR": "co.kr", "ID": "co.id", "MY": "com.my",
       "TH": "co.th", "VN": "vn", "PH": "ph", "SG": "sg", "MX": "com.mx", "BR": "com.br", "CL": "cl"}

# Romanised words for e-mail domains of names written in other scripts.
ASCII_DOMAINS = ["vostok", "meridian", "alfa", "sakura", "fuji", "minato", "hanbit", "daesung", "mirae", "eurasia",
                 "globaltrade", "asiaimport", "silkroad", "orient"]


def ascii_slug(text: str) -> str:

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "".join(ch for ch in plain.lower() if ch.isalnum())
    return slug


def phone(rng: random.Random, country: str) -> str:
    code = PHONE_CODES[country]
    return f"{code} {rng.randint(200, 999)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
