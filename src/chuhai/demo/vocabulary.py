"""Product vocabulary: how each category's SKUs are titled, specified, classified and priced.

`make_product(category, rng)` returns one product specification. Its `attributes` always carry
`type` (a key of PRODUCT_TYPES) and the specs the titles mention, so titles and attributes agree:
the matching team labels relevance from the attributes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class ProductSpec:
    type: str
    title_en: str
    title_zh: str
    attributes: dict
    hs_code: str
    retail_usd: float  # reference US retail price; order lines derive market prices from it
    weight_kg: float
    dims_cm: tuple[float, float, float]
    moq: int
    lead_time_days: int
    certifications: list[str] = field(default_factory=list)  # product-level certificates it may carry
    description_en: str = ""
    description_zh: str = ""


# Type key → nouns in the languages RFQs are written in (en, zh, es, ru, ja, id, de, fr, pt, ko).
PRODUCT_TYPES: dict[str, dict[str, str]] = {}


def _type(key: str, category: str, names: str) -> str:
    en, zh, es, ru, ja, id_, de, fr, pt, ko = (part.strip() for part in names.split("|"))
    PRODUCT_TYPES[key] = {
        "category": category, "en": en, "zh": zh, "es": es, "ru": ru, "ja": ja,
        "id": id_, "de": de, "fr": fr, "pt": pt, "ko": ko,
    }
    return key


# fmt: off
LACE_WIG = _type("lace_front_wig", "wigs", "lace front wig | 蕾丝前头套 | peluca lace front | парик на кружевной основе | レースフロントウィッグ | wig lace front | Lace-Front-Perücke | perruque lace front | peruca lace front | 레이스 프론트 가발")
CLOSURE_WIG = _type("closure_wig", "wigs", "lace closure wig | 蕾丝头套 | peluca con closure | парик с клоужером | クロージャーウィッグ | wig closure | Closure-Perücke | perruque closure | peruca closure | 클로저 가발")
BOB_WIG = _type("bob_wig", "wigs", "bob wig | 波波头假发 | peluca bob | парик каре | ボブウィッグ | wig bob | Bob-Perücke | perruque carré | peruca bob | 단발 가발")
BUNDLES = _type("hair_bundles", "wigs", "hair bundles | 发帘 | extensiones de cabello en mechones | пряди волос на трессе | ヘアバンドル | bundle rambut | Haarbündel | tissages de cheveux | pacotes de cabelo | 헤어 번들")
CLIP_INS = _type("clip_in_extensions", "wigs", "clip-in hair extensions | 卡子接发 | extensiones de clip | накладные пряди на заколках | クリップエクステ | ekstensi rambut jepit | Clip-in-Extensions | extensions à clips | apliques de tic tac | 클립인 붙임머리")
TOUPEE = _type("mens_toupee", "wigs", "men's toupee hair system | 男士假发片 | peluquín para hombre | мужская система замещения волос | メンズかつら | wig pria | Herrentoupet | postiche homme | prótese capilar masculina | 남성 부분가발")
SYNTH_WIG = _type("synthetic_wig", "wigs", "synthetic wig | 化纤假发 | peluca sintética | синтетический парик | 合成繊維ウィッグ | wig sintetis | Kunsthaarperücke | perruque synthétique | peruca sintética | 합성 가발")

STRIP_LASH = _type("strip_lashes", "eyelashes", "3D mink strip lashes | 3D貂毛假睫毛 | pestañas postizas 3D de visón | накладные ресницы 3D норка | 3Dミンクつけまつげ | bulu mata palsu 3D mink | 3D-Nerz-Wimpern | faux cils 3D vison | cílios postiços 3D de vison | 3D 밍크 인조속눈썹")
MAGNETIC = _type("magnetic_lashes", "eyelashes", "magnetic lashes kit | 磁性假睫毛套装 | kit de pestañas magnéticas | магнитные ресницы набор | マグネットまつげセット | bulu mata magnetik | Magnetwimpern-Set | kit de faux cils magnétiques | kit de cílios magnéticos | 자석 속눈썹 세트")
CLUSTER = _type("cluster_lashes", "eyelashes", "DIY cluster lashes | DIY簇状假睫毛 | pestañas en racimo DIY | пучковые ресницы | 束まつげ | bulu mata cluster | Cluster-Wimpern | faux cils en grappe | cílios em tufos | 가닥 속눈썹")
EXT_TRAY = _type("lash_extension_trays", "eyelashes", "lash extension trays | 嫁接睫毛 | bandejas de extensiones de pestañas | ресницы для наращивания | まつげエクステ用トレー | bulu mata extension | Wimpernverlängerung Tray | extensions de cils en plateau | extensão de cílios | 속눈썹 연장 트레이")
SILK_LASH = _type("silk_lashes", "eyelashes", "silk false lashes | 仿真丝假睫毛 | pestañas de seda | шелковые ресницы | シルクつけまつげ | bulu mata silk | Seidenwimpern | faux cils en soie | cílios de seda | 실크 속눈썹")

DINING_TABLE = _type("dining_table", "furniture", "dining table | 餐桌 | mesa de comedor | обеденный стол | ダイニングテーブル | meja makan | Esstisch | table à manger | mesa de jantar | 식탁")
DINING_CHAIR = _type("dining_chairs", "furniture", "dining chairs | 餐椅 | sillas de comedor | обеденные стулья | ダイニングチェア | kursi makan | Esszimmerstühle | chaises de salle à manger | cadeiras de jantar | 식탁 의자")
SOFA = _type("sofa", "furniture", "sofa | 沙发 | sofá | диван | ソファ | sofa | Sofa | canapé | sofá | 소파")
BED_FRAME = _type("bed_frame", "furniture", "bed frame | 床架 | estructura de cama | каркас кровати | ベッドフレーム | rangka tempat tidur | Bettgestell | cadre de lit | estrutura de cama | 침대 프레임")
WARDROBE = _type("wardrobe", "furniture", "wardrobe | 衣柜 | armario | шкаф для одежды | ワードローブ | lemari pakaian | Kleiderschrank | armoire | guarda-roupa | 옷장")
TV_STAND = _type("tv_stand", "furniture", "TV stand | 电视柜 | mueble de TV | тумба под телевизор | テレビ台 | meja TV | TV-Lowboard | meuble TV | rack de TV | TV 거실장")
RATTAN_SET = _type("outdoor_rattan_set", "furniture", "outdoor rattan sofa set | 户外藤编沙发套装 | juego de sofás de ratán para exterior | уличный комплект мебели из ротанга | 屋外ラタンソファセット | set sofa rotan outdoor | Rattan-Lounge-Set für den Garten | salon de jardin en rotin | conjunto de sofá de rattan para área externa | 야외 라탄 소파 세트")
OFFICE_DESK = _type("office_desk", "furniture", "office desk | 办公桌 | escritorio de oficina | офисный стол | オフィスデスク | meja kantor | Schreibtisch | bureau | mesa de escritório | 사무용 책상")

SLIDE_HOUSE = _type("slide_house", "playground", "plastic slide house | 塑料滑梯屋 | casita con tobogán de plástico | пластиковый игровой домик с горкой | 滑り台付きプレイハウス | rumah perosotan plastik | Kunststoff-Spielhaus mit Rutsche | maisonnette avec toboggan en plastique | casinha com escorregador de plástico | 미끄럼틀 놀이집")
SWING_SET = _type("swing_set", "playground", "swing set | 秋千架 | columpio | качели | ブランコセット | ayunan | Schaukelgestell | portique balançoire | balanço | 그네 세트")
TRAMPOLINE = _type("trampoline", "playground", "trampoline | 蹦床 | trampolín | батут | トランポリン | trampolin | Trampolin | trampoline | cama elástica | 트램펄린")
CLIMBING = _type("climbing_frame", "playground", "climbing frame | 攀爬架 | estructura de escalada | детский игровой комплекс для лазания | クライミングジム | rangka panjat anak | Klettergerüst | structure d'escalade | escalador infantil | 정글짐")
PLAYGROUND_SYSTEM = _type("commercial_playground", "playground", "commercial outdoor playground | 商用户外游乐设施 | parque infantil comercial | уличная детская площадка | 公園用遊具 | taman bermain komersial | Spielplatzanlage | aire de jeux commerciale | playground comercial | 상업용 놀이터")
SANDBOX = _type("sandbox", "playground", "kids sandbox | 儿童沙池 | arenero infantil | детская песочница | 砂場 | kotak pasir anak | Sandkasten | bac à sable | caixa de areia infantil | 모래놀이통")

BRAKE_PADS = _type("brake_pads", "auto_parts", "ceramic brake pads | 陶瓷刹车片 | pastillas de freno cerámicas | керамические тормозные колодки | セラミックブレーキパッド | kampas rem keramik | Keramik-Bremsbeläge | plaquettes de frein céramique | pastilhas de freio cerâmicas | 세라믹 브레이크 패드")
BRAKE_DISCS = _type("brake_discs", "auto_parts", "brake discs | 刹车盘 | discos de freno | тормозные диски | ブレーキディスク | piringan cakram rem | Bremsscheiben | disques de frein | discos de freio | 브레이크 디스크")
SHOCKS = _type("shock_absorbers", "auto_parts", "shock absorbers | 减震器 | amortiguadores | амортизаторы | ショックアブソーバー | shock absorber | Stoßdämpfer | amortisseurs | amortecedores | 쇼크 업소버")
LED_HEADLIGHT = _type("led_headlight_bulbs", "auto_parts", "LED headlight bulbs | LED汽车大灯灯泡 | bombillas LED para faros | светодиодные лампы для фар | LEDヘッドライトバルブ | lampu LED headlamp | LED-Scheinwerferlampen | ampoules de phare LED | lâmpadas LED para farol | LED 헤드라이트 전구")
AIR_FILTER = _type("air_filters", "auto_parts", "engine air filters | 空气滤清器 | filtros de aire | воздушные фильтры | エアフィルター | filter udara | Luftfilter | filtres à air | filtros de ar | 에어 필터")
OIL_FILTER = _type("oil_filters", "auto_parts", "oil filters | 机油滤清器 | filtros de aceite | масляные фильтры | オイルフィルター | filter oli | Ölfilter | filtres à huile | filtros de óleo | 오일 필터")
TYRES = _type("car_tyres", "auto_parts", "passenger car tyres | 乘用车轮胎 | neumáticos para turismos | легковые шины | 乗用車タイヤ | ban mobil penumpang | PKW-Reifen | pneus tourisme | pneus de carro de passeio | 승용차 타이어")
RADIATOR = _type("radiators", "auto_parts", "car radiators | 汽车散热器 | radiadores de coche | автомобильные радиаторы | ラジエーター | radiator mobil | Autokühler | radiateurs auto | radiadores automotivos | 자동차 라디에이터")

SHEETS = _type("bed_sheet_set", "textiles", "cotton bed sheet set | 纯棉床单套件 | juego de sábanas de algodón | комплект постельного белья из хлопка | 綿シーツセット | set sprei katun | Baumwoll-Bettwäsche-Set | parure de draps en coton | jogo de lençol de algodão | 면 침대 시트 세트")
TOWELS = _type("towels", "textiles", "cotton towels | 纯棉毛巾 | toallas de algodón | хлопковые полотенца | 綿タオル | handuk katun | Baumwollhandtücher | serviettes en coton | toalhas de algodão | 면 타월")
WORKWEAR = _type("workwear", "textiles", "workwear | 工装 | ropa de trabajo | рабочая одежда | 作業服 | pakaian kerja | Arbeitskleidung | vêtements de travail | roupa de trabalho | 작업복")
TSHIRT = _type("t_shirts", "textiles", "cotton T-shirts | 纯棉T恤 | camisetas de algodón | хлопковые футболки | 綿Tシャツ | kaos katun | Baumwoll-T-Shirts | t-shirts en coton | camisetas de algodão | 면 티셔츠")
HOODIE = _type("hoodies", "textiles", "hoodies | 连帽卫衣 | sudaderas con capucha | худи | パーカー | hoodie | Kapuzenpullover | sweats à capuche | moletons com capuz | 후드티")
TABLECLOTH = _type("tablecloths", "textiles", "tablecloths | 桌布 | manteles | скатерти | テーブルクロス | taplak meja | Tischdecken | nappes | toalhas de mesa | 식탁보")

ACOUSTIC = _type("acoustic_guitar", "instruments", "acoustic guitar | 民谣吉他 | guitarra acústica | акустическая гитара | アコースティックギター | gitar akustik | Akustikgitarre | guitare acoustique | violão | 어쿠스틱 기타")
CLASSICAL = _type("classical_guitar", "instruments", "classical guitar | 古典吉他 | guitarra clásica | классическая гитара | クラシックギター | gitar klasik | Konzertgitarre | guitare classique | violão clássico | 클래식 기타")
ELECTRIC = _type("electric_guitar", "instruments", "electric guitar | 电吉他 | guitarra eléctrica | электрогитара | エレキギター | gitar listrik | E-Gitarre | guitare électrique | guitarra elétrica | 일렉트릭 기타")
VIOLIN = _type("violin", "instruments", "violin | 小提琴 | violín | скрипка | バイオリン | biola | Violine | violon | violino | 바이올린")
UKULELE = _type("ukulele", "instruments", "ukulele | 尤克里里 | ukelele | укулеле | ウクレレ | ukulele | Ukulele | ukulélé | ukulele | 우쿨렐레")
DIGITAL_PIANO = _type("digital_piano", "instruments", "digital piano | 电钢琴 | piano digital | цифровое пианино | 電子ピアノ | piano digital | Digitalpiano | piano numérique | piano digital | 디지털 피아노")
PIANO_STOOL = _type("piano_stool", "instruments", "piano stool | 钢琴凳 | banqueta de piano | банкетка для пианино | ピアノ椅子 | kursi piano | Klavierbank | banquette de piano | banqueta para piano | 피아노 의자")
STRINGS = _type("guitar_strings", "instruments", "guitar strings | 吉他弦 | cuerdas de guitarra | гитарные струны | ギター弦 | senar gitar | Gitarrensaiten | cordes de guitare | cordas de violão | 기타 줄")

GARLIC_POWDER = _type("garlic_powder", "seasonings", "garlic powder | 大蒜粉 | ajo en polvo | чесночный порошок | ガーリックパウダー | bawang putih bubuk | Knoblauchpulver | ail en poudre | alho em pó | 마늘 가루")
CHILI_SAUCE = _type("chili_sauce", "seasonings", "chili sauce | 辣椒酱 | salsa de chile | соус чили | チリソース | saus sambal | Chilisauce | sauce pimentée | molho de pimenta | 칠리 소스")
SICHUAN_PEPPER = _type("sichuan_pepper", "seasonings", "Sichuan pepper | 花椒 | pimienta de Sichuan | сычуаньский перец | 花椒 | lada Sichuan | Szechuanpfeffer | poivre du Sichuan | pimenta de Sichuan | 화자오")
SOY_SAUCE = _type("soy_sauce", "seasonings", "soy sauce | 酱油 | salsa de soja | соевый соус | 醤油 | kecap asin | Sojasauce | sauce soja | molho de soja | 간장")
CHILI_POWDER = _type("chili_powder", "seasonings", "chili powder | 辣椒粉 | chile en polvo | молотый перец чили | 唐辛子パウダー | cabai bubuk | Chilipulver | piment en poudre | pimenta em pó | 고춧가루")
HOTPOT = _type("hotpot_seasoning", "seasonings", "hot pot seasoning | 火锅底料 | condimento para hot pot | основа для хого | 火鍋の素 | bumbu hotpot | Hot-Pot-Würzpaste | base pour fondue chinoise | tempero para hot pot | 훠궈 소스")

FRESH_GARLIC = _type("fresh_garlic", "agri_produce", "fresh garlic | 鲜大蒜 | ajo fresco | свежий чеснок | 生にんにく | bawang putih segar | frischer Knoblauch | ail frais | alho fresco | 생마늘")
GINGER = _type("fresh_ginger", "agri_produce", "fresh ginger | 鲜姜 | jengibre fresco | свежий имбирь | 生姜 | jahe segar | frischer Ingwer | gingembre frais | gengibre fresco | 생강")
PEANUTS = _type("peanuts", "agri_produce", "peanuts | 花生 | cacahuetes | арахис | 落花生 | kacang tanah | Erdnüsse | arachides | amendoim | 땅콩")
APPLES = _type("fresh_apples", "agri_produce", "fresh apples | 鲜苹果 | manzanas frescas | свежие яблоки | 生りんご | apel segar | frische Äpfel | pommes fraîches | maçãs frescas | 신선한 사과")
ONIONS = _type("onions", "agri_produce", "fresh onions | 洋葱 | cebollas frescas | репчатый лук | 玉ねぎ | bawang bombay | Zwiebeln | oignons | cebolas | 양파")
SHIITAKE = _type("dried_shiitake", "agri_produce", "dried shiitake mushrooms | 干香菇 | setas shiitake secas | сушеные грибы шиитаке | 干し椎茸 | jamur shiitake kering | getrocknete Shiitake-Pilze | champignons shiitake séchés | cogumelos shiitake secos | 건표고버섯")

SMART_PLUG = _type("smart_plug", "smart_home", "smart plug | 智能插座 | enchufe inteligente | умная розетка | スマートプラグ | stopkontak pintar | smarte Steckdose | prise connectée | tomada inteligente | 스마트 플러그")
ROBOT_VACUUM = _type("robot_vacuum", "smart_home", "robot vacuum cleaner | 扫地机器人 | robot aspirador | робот-пылесос | ロボット掃除機 | robot penyedot debu | Saugroboter | aspirateur robot | robô aspirador | 로봇청소기")
AIR_PURIFIER = _type("air_purifier", "smart_home", "air purifier | 空气净化器 | purificador de aire | очиститель воздуха | 空気清浄機 | pemurni udara | Luftreiniger | purificateur d'air | purificador de ar | 공기청정기")
SMART_BULB = _type("smart_bulb", "smart_home", "smart LED bulb | 智能LED灯泡 | bombilla LED inteligente | умная светодиодная лампа | スマートLED電球 | lampu LED pintar | smarte LED-Glühbirne | ampoule LED connectée | lâmpada LED inteligente | 스마트 LED 전구")
DOORBELL = _type("video_doorbell", "smart_home", "video doorbell | 可视门铃 | timbre con vídeo | видеозвонок | ビデオドアホン | bel pintu video | Video-Türklingel | sonnette vidéo | campainha com vídeo | 비디오 초인종")
SMART_LOCK = _type("smart_lock", "smart_home", "smart door lock | 智能门锁 | cerradura inteligente | умный дверной замок | スマートロック | kunci pintu pintar | smartes Türschloss | serrure connectée | fechadura inteligente | 스마트 도어락")

BEER = _type("beer", "food_beverage", "lager beer | 啤酒 | cerveza lager | пиво лагер | ラガービール | bir lager | Lagerbier | bière blonde | cerveja lager | 라거 맥주")
NOODLES = _type("instant_noodles", "food_beverage", "instant noodles | 方便面 | fideos instantáneos | лапша быстрого приготовления | インスタントラーメン | mi instan | Instantnudeln | nouilles instantanées | macarrão instantâneo | 라면")
BISCUITS = _type("biscuits", "food_beverage", "biscuits | 饼干 | galletas | печенье | ビスケット | biskuit | Kekse | biscuits | biscoitos | 비스킷")
ROASTED_PEANUTS = _type("roasted_peanuts", "food_beverage", "roasted peanut snacks | 烤花生休闲食品 | cacahuetes tostados | жареный арахис | ローストピーナッツ | kacang panggang | geröstete Erdnüsse | cacahuètes grillées | amendoim torrado | 볶은 땅콩")
CANNED_PEACH = _type("canned_peaches", "food_beverage", "canned yellow peaches | 黄桃罐头 | melocotones en almíbar | консервированные персики | 黄桃缶詰 | persik kaleng | Pfirsichkonserven | pêches au sirop | pêssegos em calda | 황도 통조림")
TEA_DRINK = _type("tea_drink", "food_beverage", "bottled tea drink | 瓶装茶饮料 | té embotellado | чай в бутылках | ペットボトル茶飲料 | minuman teh botol | Eistee in Flaschen | thé en bouteille | chá engarrafado | 병 차음료")
# fmt: on

# Products nobody in the belts makes: the planted unmet demand.
UNMET_TYPES: dict[str, dict[str, str]] = {}


def _unmet(key: str, names: str) -> None:
    en, zh, es, ru, ja, id_, de, fr, pt, ko = (part.strip() for part in names.split("|"))
    UNMET_TYPES[key] = {"en": en, "zh": zh, "es": es, "ru": ru, "ja": ja, "id": id_, "de": de, "fr": fr,
                        "pt": pt, "ko": ko}


# fmt: off
_unmet("solar_panels", "monocrystalline solar panels 450W | 450W单晶硅太阳能板 | paneles solares monocristalinos 450W | монокристаллические солнечные панели 450 Вт | 450W単結晶ソーラーパネル | panel surya monokristal 450W | monokristalline Solarmodule 450W | panneaux solaires monocristallins 450W | painéis solares monocristalinos 450W | 450W 단결정 태양광 패널")
_unmet("pet_beds", "orthopedic pet beds for dogs | 狗狗骨科宠物床 | camas ortopédicas para perros | ортопедические лежанки для собак | 犬用ペットベッド | kasur hewan peliharaan untuk anjing | orthopädische Hundebetten | lits orthopédiques pour chiens | camas ortopédicas para cães | 강아지 정형외과 펫 침대")
_unmet("yoga_mats", "TPE yoga mats 6mm | 6mm TPE瑜伽垫 | esterillas de yoga TPE 6mm | коврики для йоги TPE 6 мм | 6mm TPEヨガマット | matras yoga TPE 6mm | TPE-Yogamatten 6 mm | tapis de yoga TPE 6 mm | tapetes de yoga TPE 6mm | 6mm TPE 요가 매트")
_unmet("camping_tents", "4-person camping tents | 4人露营帐篷 | tiendas de campaña para 4 personas | 4-местные туристические палатки | 4人用キャンプテント | tenda camping 4 orang | 4-Personen-Campingzelte | tentes de camping 4 places | barracas de camping para 4 pessoas | 4인용 캠핑 텐트")
_unmet("e_bikes", "electric bicycles 250W | 250W电动自行车 | bicicletas eléctricas 250W | электровелосипеды 250 Вт | 250W電動自転車 | sepeda listrik 250W | E-Bikes 250 W | vélos électriques 250 W | bicicletas elétricas 250W | 250W 전기자전거")
_unmet("phone_cases", "silicone phone cases | 硅胶手机壳 | fundas de silicona para móvil | силиконовые чехлы для телефонов | シリコンスマホケース | casing HP silikon | Silikon-Handyhüllen | coques de téléphone en silicone | capas de celular de silicone | 실리콘 휴대폰 케이스")
# fmt: on

UNMET_HS = {
    "solar_panels": "854143", "pet_beds": "940490", "yoga_mats": "401699", "camping_tents": "630622",
    "e_bikes": "871160", "phone_cases": "392690",
}


def _pick(rng: random.Random, options):
    return options[rng.randrange(len(options))]


def _size(rng: random.Random, length: float, width: float, height: float,
          spread: float = 0.15) -> tuple[float, float, float]:
    f = 1 + rng.uniform(-spread, spread)
    return (round(length * f, 1), round(width * f, 1), round(height * f, 1))


# ---------------------------------------------------------------- wigs
HAIR_ORIGINS = [("Brazilian", "巴西"), ("Peruvian", "秘鲁"), ("Malaysian", "马来西亚"), ("Indian", "印度"),
                ("Vietnamese", "越南"), ("Peruvian Virgin", "秘鲁原生")]
TEXTURES = [("Straight", "直发", "straight"), ("Body Wave", "身体波浪", "body wave"),
            ("Deep Wave", "深波浪", "deep wave"), ("Water Wave", "水波纹", "water wave"),
            ("Kinky Curly", "羊毛卷", "kinky curly"), ("Loose Wave", "松散波浪", "loose wave")]
HAIR_COLORS = [("Natural Black", "自然黑", "1B"), ("613 Blonde", "613金色", "613"),
               ("Ombre 1B/27", "渐变1B/27", "1B/27"), ("99J Burgundy", "99J酒红", "99J"),
               ("Natural Black", "自然黑", "1B"), ("Natural Black", "自然黑", "1B")]


def _wigs(rng: random.Random) -> ProductSpec:
    # Long: a vocabulary table of this category's product kinds, read top to bottom; it draws from the seeded stream.
    kind = rng.choices([LACE_WIG, CLOSURE_WIG, BOB_WIG, BUNDLES, CLIP_INS, TOUPEE, SYNTH_WIG],
                       weights=[30, 15, 10, 15, 10, 8, 12])[0]
    tex_en, tex_zh, tex = _pick(rng, TEXTURES)
    col_en, col_zh, col = _pick(rng, HAIR_COLORS)
    origin_en, origin_zh = _pick(rng, HAIR_ORIGINS)
    attrs: dict = {"type": kind, "texture": tex, "color": col}
    hs = "670420"
    if kind == SYNTH_WIG:
        length = rng.choice([12, 14, 16, 18, 20, 22, 24, 26])
        attrs.update(material="synthetic heat-resistant fiber", length_in=length)
        heat = rng.choice(["Heat Resistant Fiber", "Kanekalon Fiber"])
        en = f"{length} inch Synthetic {tex_en} Wig, {heat}, {col_en}, Glueless Daily Wear"
        zh = f"{length}英寸 化纤{tex_zh}假发 耐高温丝 {col_zh} 免胶日常款"
        retail, weight, hs = 18 + length * 0.9, 0.25, "670411"
    elif kind == TOUPEE:
        base = rng.choice(["Fine Mono", "Thin Skin 0.06mm", "Swiss Lace", "French Lace"])
        size = rng.choice(["8x10", "7x9", "6x8"])
        attrs.update(material="human hair", base=base.lower(), base_size_in=size, length_in=6, density="110%")
        en = f"Men's Toupee Hair System {size} inch, {base} Base, Indian Remy Human Hair, {col_en}"
        zh = f"男士假发片 {size}英寸 {base}底 印度Remy真人发 {col_zh}"
        retail, weight = rng.uniform(120, 260), 0.15
    elif kind == BUNDLES:
        length = rng.choice([10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30])
        count = rng.choice([3, 4])
        grade = rng.choice(["10A", "12A", "Raw"])
        attrs.update(material="human hair", origin=origin_en.split()[0].lower(), length_in=length,
                     bundles=count, grade=grade)
        en = f"{grade} {origin_en} {tex_en} Human Hair Bundles, {count} Bundles {length} inch, {col_en}"
        zh = f"{grade} {origin_zh}人发 {tex_zh} 发帘{count}束 {length}英寸 {col_zh}"
        retail, weight = 45 + length * 4.5 * count / 3, 0.1 * count
    elif kind == CLIP_INS:
        length = rng.choice([14, 16, 18, 20, 22, 24])
        grams = rng.choice([100, 120, 160, 200])
        attrs.update(material="human hair", length_in=length, weight_g=grams, pieces=rng.choice([7, 8, 10]))
        en = f"Clip In Hair Extensions {length} inch, {grams}g Remy Human Hair, {tex_en}, {col_en}"
        zh = f"卡子接发 {length}英寸 {grams}克 Remy真人发 {tex_zh} {col_zh}"
        retail, weight = 40 + grams * 0.45, grams / 1000 + 0.05
    else:
        length = rng.choice([8, 10, 12, 14]) if kind == BOB_WIG else rng.choice(
            [12, 14, 16, 18, 20, 22, 24, 26, 28, 30])
        density = rng.choice(["150%", "180%", "200%", "250%"])
        if kind == LACE_WIG:
            lace = rng.choice(["13x4", "13x6", "360", "full lace"])
        elif kind == CLOSURE_WIG:
            lace = rng.choice(["4x4", "5x5", "6x6"])
        else:
            lace = rng.choice(["13x4", "4x4", "none"])
        hd = rng.random() < 0.6 and lace != "none"
        attrs.update(material="human hair", origin=origin_en.split()[0].lower(), length_in=length,
                     lace=lace, hd_lace=hd, density=density)
        glueless = rng.random() < 0.35
        attrs["glueless"] = glueless
        lace_en = {"360": "360 Lace Frontal", "full lace": "Full Lace", "none": "Machine Made"}.get(
            lace, f"{lace} {'HD ' if hd else ''}Lace {'Front' if kind == LACE_WIG else 'Closure'}")
        lace_zh = {"360": "360蕾丝", "full lace": "全蕾丝", "none": "机制"}.get(
            lace, f"{lace} {'高清' if hd else ''}蕾丝{'前头套' if kind == LACE_WIG else '头套'}")
        style_en = "Bob Wig" if kind == BOB_WIG else "Wig"
        en = (f"{lace_en} {style_en}, {origin_en} {tex_en} Human Hair, {density} Density, {length} inch"
              + (", Glueless Pre-Plucked" if glueless else "") + (f", {col_en}" if col != "1B" else ""))
        zh = (f"{lace_zh}{'波波头' if kind == BOB_WIG else ''} {origin_zh}人发 {tex_zh} {density}密度 {length}英寸"
              + (" 免胶预拔发际线" if glueless else "") + (f" {col_zh}" if col != "1B" else ""))
        dens = int(density.rstrip("%")) / 180
        retail = (55 + length * 6.5 * dens) * (1.25 if lace in ("13x6", "360", "full lace") else 1.0)
        weight = 0.2 + length * 0.012 * dens
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, 30, 22, 10),
                       rng.choice([1, 1, 2, 3, 5, 10]), rng.randint(3, 12), ["REACH"],
                       "Cuticle-aligned hair from a single donor, double machine weft, can be dyed and bleached."
                       if attrs.get("material") == "human hair" else "Soft heat-resistant fiber, ready to wear.",
                       "毛鳞片同向，双道机缝，可漂可染。"
                       if attrs.get("material") == "human hair" else "耐高温丝，即戴即用。")


# ---------------------------------------------------------------- eyelashes
def _eyelashes(rng: random.Random) -> ProductSpec:
    kind = rng.choices([STRIP_LASH, MAGNETIC, CLUSTER, EXT_TRAY, SILK_LASH], weights=[35, 15, 20, 20, 10])[0]
    attrs: dict = {"type": kind}
    certs = ["FDA", "REACH", "CE"]
    if kind == EXT_TRAY:
        style = rng.choice(["Classic", "Volume", "Easy Fan", "Cashmere"])
        curl = rng.choice(["C", "CC", "D", "L"])
        thick = rng.choice([0.05, 0.07, 0.10, 0.15])
        length = rng.choice(["8-15mm mixed", "10mm", "12mm", "14mm", "15-20mm mixed"])
        rows = rng.choice([12, 16, 20])
        attrs.update(material="PBT fiber", style=style.lower(), curl=curl, thickness_mm=thick, length_mm=length,
                     rows=rows)
        en = f"{style} Lash Extension Trays, {curl} Curl {thick:.2f}mm, {length}, {rows} Rows, Matte Black"
        zh = f"{style}嫁接睫毛 {curl}翘 {thick:.2f}mm {length.replace('mixed', '混装')} {rows}排 哑光黑"
        retail, moq = rng.uniform(6, 16), rng.choice([20, 50, 100])
    else:
        length = rng.choice([12, 14, 16, 18, 20, 22, 25])
        pairs = rng.choice([1, 5, 7, 10, 20])
        band = rng.choice(["cotton band", "clear band", "soft band"])
        material = {"strip_lashes": rng.choice(["faux mink", "mink fur", "human hair"]),
                    "magnetic_lashes": "faux mink", "cluster_lashes": "PBT fiber",
                    "silk_lashes": "silk fiber"}[kind]
        attrs.update(material=material, length_mm=length, pairs=pairs, band=band,
                     reusable_times=rng.choice([10, 15, 20, 25]))
        hs = {"mink fur": "670490", "human hair": "670420"}.get(material, "670419")
        mat_zh = {"faux mink": "仿貂毛", "mink fur": "真貂毛", "human hair": "真人发", "PBT fiber": "PBT纤维",
                  "silk fiber": "仿真丝"}[material]
        if kind == MAGNETIC:
            magnets = rng.choice([5, 8, 10])
            attrs["magnets"] = magnets
            en = f"Magnetic Eyelashes Kit with Eyeliner and Tweezers, {magnets} Magnets, {pairs} Pairs, {length}mm"
            zh = f"磁性假睫毛套装 含眼线液和镊子 {magnets}磁 {pairs}对 {length}mm"
        elif kind == CLUSTER:
            curl = rng.choice(["C", "D"])
            count = rng.choice([72, 120, 200, 280])
            attrs.update(curl=curl, clusters=count)
            en = f"DIY Cluster Lashes {curl} Curl {length - 4}-{length}mm, {count} Clusters, Bond and Seal Kit"
            zh = f"DIY簇状假睫毛 {curl}翘 {length - 4}-{length}mm {count}簇 含粘合封层胶"
        else:
            style = rng.choice(["Fluffy", "Wispy", "Natural", "Dramatic", "Cat Eye"])
            style_zh = {"Fluffy": "蓬松", "Wispy": "交叉", "Natural": "自然", "Dramatic": "浓密",
                        "Cat Eye": "猫眼"}[style]
            attrs["style"] = style.lower()
            if kind == SILK_LASH:
                en = f"{style} Silk False Eyelashes {length}mm, {pairs} Pairs, Handmade, {band.title()}"
                zh = (f"{style_zh}仿真丝假睫毛 {length}mm {pairs}对 手工 "
                      f"{'棉线梗' if band == 'cotton band' else '透明梗'}")
            else:
                mat_en = {"faux mink": "Faux Mink", "mink fur": "Real Mink", "human hair": "Human Hair"}[material]
                en = f"3D {mat_en} Lashes {length}mm {style}, {pairs} Pairs, Reusable, {band.title()}"
                zh = f"3D{mat_zh}假睫毛 {length}mm {style_zh}款 {pairs}对装 可重复使用"
        retail = (2.5 + pairs * 1.1) * (3.0 if material == "mink fur" else 1.0) + (6 if kind == MAGNETIC else 0)
        moq = rng.choice([50, 100, 200, 300, 500])
        return ProductSpec(kind, en, zh, attrs, hs, retail, 0.02 + pairs * 0.008, _size(rng, 12, 8, 2), moq,
                           rng.randint(5, 20), certs, "Lightweight, comfortable band; cruelty-free options available.",
                           "轻盈舒适，可提供零残忍工艺。")
    return ProductSpec(kind, en, zh, attrs, "670419", retail, 0.05, _size(rng, 15, 10, 2), moq, rng.randint(5, 20),
                       certs, "Salon-grade extension lashes, individually sealed trays.", "沙龙级嫁接睫毛，独立包装。")


# ---------------------------------------------------------------- furniture
WOODS = [("Solid Oak", "实木橡木", "solid oak"), ("Solid Walnut", "实木胡桃木", "solid walnut"),
         ("Rubberwood", "橡胶木", "rubberwood"), ("Solid Pine", "实木松木", "solid pine"),
         ("MDF with Oak Veneer", "中纤板贴橡木皮", "MDF oak veneer")]
STYLES = [("Nordic", "北欧"), ("Mid-Century Modern", "中古风"), ("Farmhouse", "农舍风"), ("Modern", "现代简约"),
          ("Japandi", "日式侘寂")]


def _furniture(rng: random.Random) -> ProductSpec:
    # Long: a vocabulary table of this category's product kinds, read top to bottom; it draws from the seeded stream.
    kind = rng.choices([DINING_TABLE, DINING_CHAIR, SOFA, BED_FRAME, WARDROBE, TV_STAND, RATTAN_SET, OFFICE_DESK],
                       weights=[15, 10, 18, 15, 8, 10, 14, 10])[0]
    w_en, w_zh, wood = _pick(rng, WOODS)
    s_en, s_zh = _pick(rng, STYLES)
    attrs: dict = {"type": kind, "style": s_en.lower()}
    certs = ["FSC", "CARB P2", "REACH"]
    assembly = rng.choice(["flat-pack", "assembled"])
    if kind == DINING_TABLE:
        seats = rng.choice([4, 6, 8])
        length = {4: 120, 6: 160, 8: 200}[seats] + rng.choice([0, 20])
        attrs.update(material=wood, seats=seats, size_cm=f"{length}x90x75", assembly=assembly)
        en = f"{s_en} {w_en} Dining Table for {seats}, {length}x90 cm, Rectangular"
        zh = f"{s_zh}{w_zh}餐桌 {seats}人 {length}x90厘米 长方形"
        hs, retail, weight, dims = "940360", 180 + seats * 55 + (150 if "Solid" in w_en else 0), 25 + seats * 6, (
            length + 10, 100, 20)
    elif kind == DINING_CHAIR:
        n = rng.choice([2, 4, 6])
        uph = rng.random() < 0.5
        attrs.update(material=wood, pieces=n, upholstered=uph)
        en = f"Set of {n} {s_en} Dining Chairs, {w_en} Frame" + (", Upholstered Linen Seat" if uph else "")
        zh = f"{s_zh}餐椅{n}把装 {w_zh}框架" + (" 亚麻软包座面" if uph else "")
        hs = "940161" if uph else "940169"
        retail, weight, dims = 60 * n + (40 if uph else 0), 6 * n, (60, 55, 45 * n / 2)
    elif kind == SOFA:
        seats = rng.choice([2, 3, 4])
        fabric = rng.choice([("Linen", "亚麻", "linen"), ("Velvet", "丝绒", "velvet"),
                             ("Top-Grain Leather", "头层牛皮", "leather"), ("Boucle", "泰迪绒", "boucle")])
        sectional = seats == 4 and rng.random() < 0.6
        attrs.update(upholstery=fabric[2], seats=seats, sectional=sectional, frame="solid wood")
        en = (f"{s_en} {seats}-Seater {'L-Shaped Sectional ' if sectional else ''}Sofa, "
              f"{fabric[0]} Upholstery, Solid Wood Frame")
        zh = f"{s_zh}{seats}人位{'L型转角' if sectional else ''}沙发 {fabric[1]}面料 实木框架"
        hs = "940161"
        retail = 380 + seats * 160 + (400 if fabric[2] == "leather" else 0)
        weight, dims = 35 + seats * 15, (70 + seats * 55, 95, 85)
    elif kind == BED_FRAME:
        size = rng.choice([("Queen", "1.5米", "queen"), ("King", "1.8米", "king"), ("Full", "1.35米", "full")])
        storage = rng.random() < 0.3
        attrs.update(material=wood, bed_size=size[2], storage=storage, assembly="flat-pack")
        en = f"{w_en} {size[0]} Bed Frame" + (" with Storage Drawers" if storage else "") + f", {s_en} Headboard"
        zh = f"{w_zh}{size[1]}双人床架" + (" 带储物抽屉" if storage else "") + f" {s_zh}床头"
        hs, retail, weight, dims = "940350", 320 + (120 if storage else 0), 55, (210, 45, 30)
    elif kind == WARDROBE:
        doors = rng.choice([2, 3, 4])
        attrs.update(material=wood, doors=doors, height_cm=200, assembly="flat-pack")
        en = f"{doors}-Door {w_en} Wardrobe with Hanging Rail and Shelves, 200 cm Tall"
        zh = f"{doors}门{w_zh}衣柜 带挂衣杆和隔板 高200厘米"
        hs, retail, weight, dims = "940350", 260 + doors * 110, 40 + doors * 18, (205, 60, 25 * doors / 2)
    elif kind == TV_STAND:
        width = rng.choice([140, 160, 180])
        attrs.update(material=wood, width_cm=width, assembly=assembly)
        en = f"{s_en} TV Stand {width} cm, {w_en}, 2 Drawers and Open Shelf"
        zh = f"{s_zh}电视柜 {width}厘米 {w_zh} 2抽屉带开放格"
        hs, retail, weight, dims = "940360", 150 + width * 0.8, 28, (width + 10, 45, 20)
    elif kind == OFFICE_DESK:
        width = rng.choice([120, 140, 160])
        standing = rng.random() < 0.4
        attrs.update(material=wood, width_cm=width, height_adjustable=standing)
        en = (f"Electric Height Adjustable Standing Desk {width}x70 cm, {w_en} Top" if standing
              else f"{s_en} Office Desk {width}x60 cm, {w_en}, with Drawer")
        zh = (f"电动升降办公桌 {width}x70厘米 {w_zh}桌面" if standing else f"{s_zh}办公桌 {width}x60厘米 {w_zh} 带抽屉")
        hs, retail, weight, dims = "940330", 160 + (220 if standing else 0), 30, (width + 10, 70, 15)
    else:
        pieces = rng.choice([4, 5, 7, 9])
        attrs.update(material="PE rattan with aluminum frame", pieces=pieces, outdoor=True,
                     cushion="water-resistant olefin")
        en = f"{pieces}-Piece Outdoor Patio Rattan Sofa Set, PE Wicker, Aluminum Frame, Water-Resistant Cushions"
        zh = f"户外庭院藤编沙发{pieces}件套 PE藤 铝合金框架 防水坐垫"
        hs, retail, weight, dims = "940179", 420 + pieces * 95, 30 + pieces * 8, (150, 90, 75)
        certs = ["REACH", "BSCI"]
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, *dims), rng.choice([1, 2, 5, 10, 20]),
                       rng.randint(20, 45), certs, "Oversized item, shipped by sea to overseas warehouses.",
                       "大件商品，海运至海外仓发货。")


# ---------------------------------------------------------------- playground
def _playground(rng: random.Random) -> ProductSpec:
    kind = rng.choices([SLIDE_HOUSE, SWING_SET, TRAMPOLINE, CLIMBING, PLAYGROUND_SYSTEM, SANDBOX],
                       weights=[22, 20, 22, 14, 10, 12])[0]
    ages = rng.choice(["3-8", "3-10", "2-6", "5-12"])
    attrs: dict = {"type": kind, "age_range": ages}
    certs = ["ASTM F963", "EN71", "CPSC", "ASTM F1487", "EN1176"]
    if kind == SLIDE_HOUSE:
        slide = rng.choice([150, 180, 220])
        attrs.update(material="HDPE plastic", slide_length_cm=slide, uv_resistant=True, max_load_kg=50)
        en = f"Kids Plastic Playhouse with {slide} cm Slide, Indoor and Outdoor, UV-Resistant HDPE, Ages {ages}"
        zh = f"儿童塑料滑梯屋 滑梯长{slide}厘米 室内外两用 抗紫外线HDPE {ages}岁"
        hs, retail, weight, dims = "950699", 420 + slide * 1.6, 48, (200, 150, 140)
    elif kind == SWING_SET:
        seats = rng.choice([2, 3, 4])
        frame = rng.choice([("Galvanized Steel", "镀锌钢", "galvanized steel"), ("Cedar Wood", "雪松木", "cedar wood")])
        attrs.update(material=frame[2], seats=seats, with_slide=rng.random() < 0.5, max_load_kg=60 * seats)
        en = (f"{frame[0]} Swing Set with {seats} Swings" + (" and Slide" if attrs["with_slide"] else "")
              + f", Ages {ages}")
        zh = f"{frame[1]}秋千架 {seats}座" + (" 带滑梯" if attrs["with_slide"] else "") + f" {ages}岁"
        hs, retail, weight, dims = "950699", 180 + seats * 70 + (150 if "wood" in frame[2] else 0), 35 + seats * 8, (
            180, 40, 30)
    elif kind == TRAMPOLINE:
        ft = rng.choice([8, 10, 12, 14, 16])
        attrs.update(diameter_ft=ft, enclosure_net=True, max_load_kg=100 + ft * 5, material="galvanized steel")
        en = f"{ft} ft Outdoor Trampoline with Safety Enclosure Net and Ladder, Galvanized Steel Frame"
        zh = f"{ft}英尺户外蹦床 带安全护网和梯子 镀锌钢架"
        hs, retail, weight, dims = "950691", 120 + ft * 22, 25 + ft * 4, (160, 45, 30)
    elif kind == CLIMBING:
        attrs.update(material=rng.choice(["galvanized steel", "HDPE plastic"]), max_load_kg=80)
        en = f"Kids Climbing Dome Frame with Canopy, Outdoor Jungle Gym, Ages {ages}"
        zh = f"儿童攀爬架 带遮阳篷 户外攀爬球 {ages}岁"
        hs, retail, weight, dims = "950699", 150, 28, (120, 40, 25)
    elif kind == PLAYGROUND_SYSTEM:
        area = rng.choice([(8, 6), (10, 8), (12, 10), (15, 12)])
        attrs.update(material="galvanized steel and LLDPE", area_m=f"{area[0]}x{area[1]}", commercial=True,
                     max_users=area[0] * 3)
        en = f"Commercial Outdoor Playground System {area[0]}x{area[1]} m, Slides, Climbing Walls and Bridges, EN1176"
        zh = f"商用户外组合游乐设施 {area[0]}x{area[1]}米 含滑梯攀岩墙和吊桥"
        hs, retail, weight, dims = "950699", 2800 + area[0] * area[1] * 45, 400 + area[0] * area[1] * 6, (
            240, 120, 120)
    else:
        cover = rng.random() < 0.6
        attrs.update(material=rng.choice(["HDPE plastic", "cedar wood"]), with_cover=cover)
        en = "Kids Sandbox" + (" with Cover" if cover else "") + f", Turtle Shape, Ages {ages}"
        zh = "儿童沙池" + ("带盖" if cover else "") + f" 乌龟造型 {ages}岁"
        hs, retail, weight, dims = "950300", 70, 9, (95, 85, 35)
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, *dims), rng.choice([1, 5, 10, 20]),
                       rng.randint(15, 40), certs, "Rounded edges, tested for children's outdoor play.",
                       "圆角设计，符合儿童户外游乐安全测试。")


# ---------------------------------------------------------------- auto parts
FITMENTS = [("Toyota", "Camry", "2018-2023"), ("Toyota", "Corolla", "2019-2024"), ("Honda", "Civic", "2016-2021"),
            ("Honda", "CR-V", "2017-2022"), ("Ford", "F-150", "2015-2020"), ("Hyundai", "Tucson", "2016-2021"),
            ("Kia", "Sportage", "2017-2022"), ("Nissan", "Sentra", "2020-2024"), ("Volkswagen", "Golf", "2013-2020"),
            ("BMW", "3 Series", "2012-2019"), ("Mercedes-Benz", "C-Class", "2015-2021"), ("Lada", "Vesta", "2016-2023"),
            ("Chevrolet", "Silverado", "2014-2019"), ("Mitsubishi", "Pajero", "2007-2021"),
            ("Toyota", "Land Cruiser 200", "2008-2021"), ("Hyundai", "Accent", "2018-2022")]
MAKES_ZH = {"Toyota": "丰田", "Honda": "本田", "Ford": "福特", "Hyundai": "现代", "Kia": "起亚", "Nissan": "日产",
            "Volkswagen": "大众", "BMW": "宝马", "Mercedes-Benz": "奔驰", "Lada": "拉达", "Chevrolet": "雪佛兰",
            "Mitsubishi": "三菱"}


def _auto_parts(rng: random.Random) -> ProductSpec:
    # Long: a vocabulary table of this category's product kinds, read top to bottom; it draws from the seeded stream.
    kind = rng.choices([BRAKE_PADS, BRAKE_DISCS, SHOCKS, LED_HEADLIGHT, AIR_FILTER, OIL_FILTER, TYRES, RADIATOR],
                       weights=[20, 12, 14, 14, 10, 10, 12, 8])[0]
    make, model, years = _pick(rng, FITMENTS)
    fit_en, fit_zh = f"for {make} {model} {years}", f"适用{MAKES_ZH[make]}{model} {years}"
    oe = f"{rng.randint(10000, 99999)}-{rng.randint(10000, 99999)}"
    attrs: dict = {"type": kind, "fitment": f"{make} {model} {years}", "make": make, "oe_number": oe}
    certs = ["E-Mark", "ECE R90", "DOT", "SAE"]
    moq = rng.choice([50, 100, 200, 500])
    if kind == BRAKE_PADS:
        pos = rng.choice(["front", "rear"])
        material = rng.choice(["ceramic", "ceramic", "semi-metallic", "low-metallic"])
        attrs.update(position=pos, material=material)
        mat_zh = {"ceramic": "陶瓷", "semi-metallic": "半金属", "low-metallic": "少金属"}[material]
        en = f"{pos.title()} {material.title()} Brake Pads Set {fit_en}, OE {oe}, Low Dust, ECE R90"
        zh = f"{'前' if pos == 'front' else '后'}{mat_zh}刹车片套装 {fit_zh} OE {oe} 低粉尘"
        hs, retail, weight, dims = "870830", rng.uniform(18, 45), 1.8, (20, 14, 8)
    elif kind == BRAKE_DISCS:
        pos = rng.choice(["front", "rear"])
        dia = rng.choice([280, 296, 300, 320, 340])
        vented = pos == "front"
        attrs.update(position=pos, diameter_mm=dia, vented=vented, material="G3000 cast iron")
        en = f"{pos.title()} {'Vented ' if vented else ''}Brake Discs {dia} mm, Pair, {fit_en}, OE {oe}"
        zh = f"{'前' if pos == 'front' else '后'}{'通风' if vented else ''}刹车盘 {dia}毫米 一对 {fit_zh} OE {oe}"
        hs, retail, weight, dims = "870830", rng.uniform(45, 110), 14, (35, 35, 15)
    elif kind == SHOCKS:
        pos = rng.choice(["front", "rear"])
        tech = rng.choice(["gas-charged twin-tube", "mono-tube", "hydraulic"])
        attrs.update(position=pos, technology=tech)
        tech_zh = {"gas-charged twin-tube": "充气双筒", "mono-tube": "单筒", "hydraulic": "液压"}[tech]
        en = f"{pos.title()} Shock Absorbers Pair, {tech.title()}, {fit_en}, OE {oe}"
        zh = f"{'前' if pos == 'front' else '后'}减震器一对 {tech_zh} {fit_zh} OE {oe}"
        hs, retail, weight, dims = "870880", rng.uniform(55, 140), 5.5, (60, 18, 12)
    elif kind == LED_HEADLIGHT:
        socket = rng.choice(["H4", "H7", "H11", "9005", "9006", "H13"])
        lumens = rng.choice([12000, 16000, 20000, 24000])
        attrs.update(socket=socket, lumens=lumens, color_temp_k=6000, power_w=rng.choice([60, 80, 110]))
        attrs.pop("fitment"), attrs.pop("make"), attrs.pop("oe_number")
        en = f"{socket} LED Headlight Bulbs, {lumens} Lumens 6000K Cool White, Plug and Play, Pack of 2"
        zh = f"{socket} LED汽车大灯灯泡 {lumens}流明 6000K冷白光 即插即用 2只装"
        hs, retail, weight, dims = "853952", rng.uniform(20, 55), 0.5, (18, 12, 8)
        certs = ["E-Mark", "DOT", "CE", "RoHS"]
    elif kind in (AIR_FILTER, OIL_FILTER):
        media = rng.choice(["cellulose", "synthetic blend"])
        attrs.update(media=media)
        noun_en, noun_zh, hs = (("Engine Air Filter", "空气滤清器", "842131") if kind == AIR_FILTER
                                else ("Oil Filter", "机油滤清器", "842123"))
        en = f"{noun_en} {fit_en}, OE {oe}, {media.title()} Media"
        zh = f"{noun_zh} {fit_zh} OE {oe} {'纤维素' if media == 'cellulose' else '合成'}滤材"
        retail, weight, dims = rng.uniform(6, 18), 0.4, (25, 20, 6)
        moq = rng.choice([200, 500, 1000])
    elif kind == TYRES:
        size = rng.choice(["205/55R16", "225/45R17", "215/60R16", "265/70R17", "195/65R15", "235/55R19"])
        season = rng.choice(["all-season", "summer", "winter"])
        attrs = {"type": kind, "size": size, "season": season, "load_index": rng.choice([91, 94, 98, 103, 115]),
                 "speed_rating": rng.choice(["H", "V", "T"])}
        season_zh = {"all-season": "四季", "summer": "夏季", "winter": "冬季"}[season]
        en = f"{size} {season.title()} Passenger Car Tyre {attrs['load_index']}{attrs['speed_rating']}, DOT and E-Mark"
        zh = f"{size} {season_zh}乘用车轮胎 {attrs['load_index']}{attrs['speed_rating']}"
        hs, retail, weight, dims = "401110", rng.uniform(45, 120), 9.5, (65, 65, 21)
        moq = rng.choice([100, 300, 500])
    else:
        core = rng.choice(["aluminum", "copper-brass"])
        attrs.update(core=core, rows=rng.choice([1, 2]))
        en = f"Radiator {fit_en}, {core.title()} Core, OE {oe}"
        zh = f"汽车散热器 {fit_zh} {'铝芯' if core == 'aluminum' else '铜芯'} OE {oe}"
        hs, retail, weight, dims = "870891", rng.uniform(70, 180), 6, (75, 50, 12)
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, *dims), moq, rng.randint(15, 35), certs,
                       "Direct-fit aftermarket replacement, 100% tested before shipment.",
                       "原厂规格售后替换件，出厂全检。")


# ---------------------------------------------------------------- textiles
def _textiles(rng: random.Random) -> ProductSpec:
    kind = rng.choices([SHEETS, TOWELS, WORKWEAR, TSHIRT, HOODIE, TABLECLOTH], weights=[25, 20, 18, 15, 12, 10])[0]
    attrs: dict = {"type": kind}
    certs = ["OEKO-TEX", "GOTS", "BSCI"]
    moq = rng.choice([100, 200, 500, 1000])
    if kind == SHEETS:
        tc = rng.choice([300, 400, 600, 800, 1000])
        size = rng.choice([("Queen", "1.5米", "queen"), ("King", "1.8米", "king"), ("Twin", "1.2米", "twin"),
                           ("Full", "1.35米", "full")])
        weave = rng.choice(["percale", "sateen"])
        printed = rng.random() < 0.25
        attrs.update(material="100% cotton", thread_count=tc, bed_size=size[2], weave=weave, pieces=4,
                     printed=printed)
        en = (f"{tc} Thread Count 100% Cotton {weave.title()} Sheet Set, {size[0]}, 4 Pieces, Deep Pocket"
              + (", Floral Print" if printed else ""))
        zh = f"{tc}支纯棉{'缎纹' if weave == 'sateen' else '平纹'}床单四件套 {size[1]}床" + (" 印花" if printed else "")
        hs, retail, weight, dims = ("630221" if printed else "630231"), 25 + tc * 0.06, 1.6, (35, 28, 8)
    elif kind == TOWELS:
        gsm = rng.choice([450, 500, 600, 700])
        pieces = rng.choice([2, 4, 6, 8])
        attrs.update(material="100% cotton", gsm=gsm, pieces=pieces, weave="terry")
        en = f"{pieces}-Piece {gsm} GSM Cotton Bath Towel Set, Highly Absorbent, Quick Dry"
        zh = f"{gsm}克纯棉浴巾毛巾{pieces}件套 吸水速干"
        hs, retail, weight, dims = "630260", 8 + pieces * 3.5, 0.3 * pieces, (35, 25, 5 * pieces / 2)
    elif kind == WORKWEAR:
        item = rng.choice([("Work Trousers", "工装裤", "620342", "trousers"),
                           ("Hi-Vis Coverall", "高可见度连体工作服", "621133", "coverall")])
        fabric = "65% polyester 35% cotton" if item[3] == "coverall" else "100% cotton canvas"
        attrs.update(garment=item[3], material=fabric, sizes="S-3XL")
        en = f"{item[0]}, {fabric.title()}, Reinforced Knees, Sizes S-3XL"
        zh = f"{item[1]} {'涤棉' if 'polyester' in fabric else '纯棉帆布'} 加固膝盖 S-3XL"
        hs, retail, weight, dims = item[2], rng.uniform(15, 40), 0.8, (35, 28, 5)
        certs = ["OEKO-TEX", "BSCI", "EN ISO 20471"]
    elif kind == TSHIRT:
        gsm = rng.choice([160, 180, 220, 240])
        attrs.update(material="100% cotton", gsm=gsm, fit=rng.choice(["regular", "oversized"]))
        en = f"{gsm} GSM Heavyweight 100% Cotton T-Shirt, {attrs['fit'].title()} Fit, Blank for Printing"
        zh = f"{gsm}克重磅纯棉T恤 {'常规' if attrs['fit'] == 'regular' else '宽松'}版型 可定制印花"
        hs, retail, weight, dims = "610910", rng.uniform(6, 14), 0.25, (30, 25, 3)
    elif kind == HOODIE:
        gsm = rng.choice([300, 360, 420])
        attrs.update(material="cotton fleece", gsm=gsm)
        en = f"{gsm} GSM Cotton Fleece Pullover Hoodie, Unisex, Custom Logo"
        zh = f"{gsm}克纯棉抓绒套头卫衣 男女同款 可定制logo"
        hs, retail, weight, dims = "611020", rng.uniform(18, 35), 0.6, (35, 30, 6)
    else:
        size = rng.choice(["140x180", "140x220", "150x260"])
        attrs.update(material="100% cotton", size_cm=size)
        en = f"Cotton Tablecloth {size} cm, Rectangular, Washable"
        zh = f"纯棉桌布 {size}厘米 长方形 可水洗"
        hs, retail, weight, dims = "630251", rng.uniform(10, 24), 0.5, (30, 25, 4)
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, *dims), moq, rng.randint(15, 30), certs,
                       "Pre-washed and shrink-tested, private label packaging available.",
                       "预缩水处理，可提供自有品牌包装。")


# ---------------------------------------------------------------- instruments
def _instruments(rng: random.Random) -> ProductSpec:
    # Long: a vocabulary table of this category's product kinds, read top to bottom; it draws from the seeded stream.
    kind = rng.choices([ACOUSTIC, CLASSICAL, ELECTRIC, VIOLIN, UKULELE, DIGITAL_PIANO, PIANO_STOOL, STRINGS],
                       weights=[20, 10, 15, 12, 15, 10, 8, 10])[0]
    attrs: dict = {"type": kind}
    certs = ["CE", "RoHS", "FSC"]
    moq = rng.choice([10, 20, 50, 100])
    if kind in (ACOUSTIC, CLASSICAL):
        size = rng.choice([41, 40, 38]) if kind == ACOUSTIC else rng.choice([39, 36, 34])
        top = rng.choice([("Solid Spruce", "单板云杉", "solid spruce"), ("Spruce", "云杉", "spruce"),
                          ("Mahogany", "桃花心木", "mahogany"), ("Solid Cedar", "单板雪松", "solid cedar")])
        eq = kind == ACOUSTIC and rng.random() < 0.3
        attrs.update(size_in=size, top=top[2], back_sides="mahogany", electro_acoustic=eq, strings=(
            "steel" if kind == ACOUSTIC else "nylon"))
        noun_en, noun_zh = ("Acoustic Guitar", "民谣吉他") if kind == ACOUSTIC else ("Classical Guitar", "古典吉他")
        en = f"{size} inch {top[0]} Top {'Electro-' if eq else ''}{noun_en}, Mahogany Back and Sides, with Gig Bag"
        zh = f"{size}寸{top[1]}面板{'电箱' if eq else ''}{noun_zh} 桃花心木背侧 送琴包"
        hs = "920290"
        retail = (90 if "solid" in top[2] else 55) + size * 1.5 + (60 if eq else 0)
        weight, dims = 2.8, (110, 45, 15)
    elif kind == ELECTRIC:
        body = rng.choice(["ST", "TL", "LP", "SG"])
        pickups = rng.choice(["SSS", "HSS", "HH"])
        attrs.update(body_style=body, pickups=pickups, frets=22)
        en = f"{body} Style Electric Guitar, {pickups} Pickups, Maple Neck, 22 Frets, with Amp Cable and Bag"
        zh = f"{body}款电吉他 {pickups}拾音器 枫木琴颈 22品 送连接线和琴包"
        hs, retail, weight, dims = "920790", rng.uniform(130, 320), 4.2, (110, 40, 12)
    elif kind == VIOLIN:
        size = rng.choice(["4/4", "3/4", "1/2", "1/4"])
        grade = rng.choice(["Student", "Advanced Student", "Handmade Solid Wood"])
        attrs.update(size=size, grade=grade.lower(), top="solid spruce", back="maple")
        en = f"{size} {grade} Violin, Solid Spruce Top, Maple Back, with Case, Bow and Rosin"
        grade_zh = "学生" if grade == "Student" else "进阶" if grade.startswith("Adv") else "手工实木"
        zh = f"{size} {grade_zh}小提琴 云杉面板 枫木背板 含琴盒弓和松香"
        hs, retail, weight, dims = "920210", {"Student": 85, "Advanced Student": 180, "Handmade Solid Wood": 420}[
            grade], 2.0, (80, 28, 14)
    elif kind == UKULELE:
        size = rng.choice([("Soprano", "21寸", 21), ("Concert", "23寸", 23), ("Tenor", "26寸", 26)])
        attrs.update(size_in=size[2], top=rng.choice(["mahogany", "solid mahogany", "koa"]))
        en = f"{size[0]} Ukulele {size[2]} inch, {attrs['top'].title()} Top, Aquila Strings, Beginner Kit"
        top_zh = (attrs["top"].replace("solid mahogany", "单板桃花心木").replace("mahogany", "桃花心木")
                  .replace("koa", "相思木"))
        zh = f"{size[1]}尤克里里 {top_zh}面板 初学套装"
        hs, retail, weight, dims = "920290", rng.uniform(35, 110), 1.0, (70, 25, 10)
    elif kind == DIGITAL_PIANO:
        keys = rng.choice([61, 88])
        attrs.update(keys=keys, hammer_action=keys == 88, polyphony=rng.choice([64, 128, 192]))
        en = (f"{keys}-Key {'Weighted Hammer Action ' if keys == 88 else ''}Digital Piano, "
              f"{attrs['polyphony']} Polyphony, with Stand and Pedals")
        zh = f"{keys}键{'重锤' if keys == 88 else ''}电钢琴 {attrs['polyphony']}复音 含琴架和踏板"
        hs, retail, weight, dims = "920710", 220 + keys * 3, 25 if keys == 88 else 9, (140, 40, 20)
    elif kind == PIANO_STOOL:
        adj = rng.random() < 0.6
        attrs.update(material="solid wood", adjustable=adj, upholstered=True)
        en = f"{'Adjustable ' if adj else ''}Piano Stool, Solid Wood Legs, PU Leather Cushion"
        zh = f"{'升降' if adj else ''}钢琴凳 实木腿 PU皮坐垫"
        hs, retail, weight, dims = "940161", rng.uniform(45, 110), 8, (60, 40, 20)
        certs = ["FSC", "REACH"]
    else:
        gauge = rng.choice(["10-46", "11-52", "12-53", "09-42"])
        attrs.update(gauge=gauge, material=rng.choice(["phosphor bronze", "80/20 bronze", "nickel wound"]))
        en = f"{attrs['material'].title()} Guitar Strings {gauge}, 6-String Set, Corrosion Resistant"
        material_zh = (attrs["material"].replace("phosphor bronze", "磷青铜").replace("80/20 bronze", "80/20黄铜")
                       .replace("nickel wound", "镀镍"))
        zh = f"{material_zh}吉他弦 {gauge} 6根套装 防锈"
        hs, retail, weight, dims = "920930", rng.uniform(4, 12), 0.05, (15, 15, 1)
        moq = rng.choice([200, 500, 1000])
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, *dims), moq, rng.randint(15, 40), certs,
                       "Factory set-up and inspected, OEM logo on headstock available.",
                       "出厂调校检验，可印OEM琴头标。")


# ---------------------------------------------------------------- seasonings
def _seasonings(rng: random.Random) -> ProductSpec:
    kind = rng.choices([GARLIC_POWDER, CHILI_SAUCE, SICHUAN_PEPPER, SOY_SAUCE, CHILI_POWDER, HOTPOT],
                       weights=[22, 18, 12, 16, 14, 18])[0]
    attrs: dict = {"type": kind, "shelf_life_months": rng.choice([12, 18, 24]), "halal": rng.random() < 0.5}
    certs = ["HALAL", "HACCP", "ISO22000", "FDA", "KOSHER", "BRC"]
    moq = rng.choice([500, 1000, 2000, 5000])
    if kind == GARLIC_POWDER:
        mesh = rng.choice([80, 100, 120])
        pack = rng.choice([("25 kg Carton", "25公斤纸箱", 25.0), ("1 kg Bag", "1公斤袋", 1.0),
                           ("500 g Jar", "500克罐", 0.5)])
        attrs.update(mesh=mesh, net_weight_kg=pack[2], grade="A")
        en = f"Dehydrated Garlic Powder {mesh} Mesh, Grade A, {pack[0]}"
        zh = f"脱水大蒜粉 {mesh}目 A级 {pack[1]}"
        hs, retail, weight = "071290", 3.0 + pack[2] * 4.2, pack[2] * 1.05
    elif kind == CHILI_SAUCE:
        ml = rng.choice([200, 280, 500])
        heat = rng.choice(["mild", "hot", "extra hot"])
        attrs.update(volume_ml=ml, heat=heat, container="glass bottle")
        en = f"{heat.title()} Chili Sauce {ml} ml Glass Bottle, Garlic Flavor, Private Label"
        heat_zh = "微辣" if heat == "mild" else "特辣" if heat == "extra hot" else "香辣"
        zh = f"{heat_zh}蒜蓉辣椒酱 {ml}毫升玻璃瓶 可贴牌"
        hs, retail, weight = "210390", 2.0 + ml * 0.006, ml / 1000 + 0.25
    elif kind == SICHUAN_PEPPER:
        grams = rng.choice([50, 100, 500, 1000])
        attrs.update(form=rng.choice(["whole", "ground"]), net_weight_g=grams, color=rng.choice(["red", "green"]))
        en = f"{attrs['color'].title()} Sichuan Peppercorns, {attrs['form'].title()}, {grams} g Pouch"
        zh = (f"{'红' if attrs['color'] == 'red' else '青'}花椒 "
              f"{'整粒' if attrs['form'] == 'whole' else '粉'} {grams}克袋装")
        hs, retail, weight = "091099", 2.5 + grams * 0.02, grams / 1000 + 0.02
    elif kind == SOY_SAUCE:
        ml = rng.choice([150, 500, 1000, 1800])
        style = rng.choice(["light", "dark", "low-sodium"])
        attrs.update(volume_ml=ml, style=style, brewing="naturally brewed 180 days")
        en = f"Naturally Brewed {style.title()} Soy Sauce {ml} ml, Non-GMO Soybeans"
        style_zh = "生抽" if style == "light" else "老抽" if style == "dark" else "减盐"
        zh = f"{style_zh}酱油 {ml}毫升 180天酿造 非转基因大豆"
        hs, retail, weight = "210310", 1.5 + ml * 0.003, ml / 1000 + 0.2
    elif kind == CHILI_POWDER:
        shu = rng.choice([5000, 10000, 20000, 40000])
        attrs.update(scoville=shu, net_weight_kg=rng.choice([0.1, 1.0, 25.0]))
        en = f"Chili Powder {shu:,} SHU, {attrs['net_weight_kg']:g} kg, Steam Sterilized"
        zh = f"辣椒粉 {shu}辣度 {attrs['net_weight_kg']:g}公斤 蒸汽灭菌"
        hs, retail, weight = "090422", 1.5 + attrs["net_weight_kg"] * 3.5, attrs["net_weight_kg"] * 1.05
    else:
        flavor = rng.choice([("Spicy Beef Tallow", "牛油麻辣", "spicy beef tallow"), ("Tomato", "番茄", "tomato"),
                             ("Mushroom", "菌汤", "mushroom"), ("Vegetarian Spicy", "素食麻辣", "vegetarian spicy")])
        grams = rng.choice([150, 200, 500])
        attrs.update(flavor=flavor[2], net_weight_g=grams)
        if flavor[2].startswith("vegetarian") or flavor[2] in ("tomato", "mushroom"):
            attrs["halal"] = True
        en = f"{flavor[0]} Hot Pot Seasoning Base {grams} g"
        zh = f"{flavor[1]}火锅底料 {grams}克"
        hs, retail, weight = "210390", 2.0 + grams * 0.008, grams / 1000 + 0.05
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, 20, 15, 10), moq, rng.randint(10, 30),
                       certs, "Produced under HACCP, export health certificate supplied.",
                       "HACCP体系生产，随货提供出口卫生证书。")


# ---------------------------------------------------------------- agricultural produce
def _agri(rng: random.Random) -> ProductSpec:
    kind = rng.choices([FRESH_GARLIC, GINGER, PEANUTS, APPLES, ONIONS, SHIITAKE], weights=[25, 22, 18, 15, 10, 10])[0]
    attrs: dict = {"type": kind, "origin": "Shandong"}
    certs = ["GLOBALG.A.P.", "HACCP", "Organic"]
    moq = rng.choice([500, 1000, 2000])  # cartons; about one 40-ft reefer container
    if kind == FRESH_GARLIC:
        size = rng.choice(["5.0cm", "5.5cm", "6.0cm", "6.5cm"])
        variety = rng.choice([("Normal White", "普白"), ("Pure White", "纯白"), ("Red", "红皮")])
        carton = rng.choice([10, 20])
        attrs.update(variety=variety[0].lower(), bulb_size=f"{size} and up", carton_kg=carton)
        en = f"Fresh {variety[0]} Garlic {size} and Up, {carton} kg Mesh Bag in Carton, New Crop"
        zh = f"新季{variety[1]}大蒜 {size}以上 {carton}公斤网袋装"
        hs, retail, weight = "070320", carton * 1.6, carton
    elif kind == GINGER:
        grade = rng.choice(["150g and up", "200g and up", "250g and up"])
        style = rng.choice([("Air-Dried", "风干", "air-dried"), ("Fresh", "鲜", "fresh")])
        attrs.update(grade=grade, style=style[2], carton_kg=10)
        en = f"{style[0]} Ginger {grade}, 10 kg PVC Carton, Anqiu Origin"
        zh = f"安丘{style[1]}姜 {grade.replace('and up', '以上').replace('g', '克')} 10公斤PVC箱"
        hs, retail, weight = "091011", 18, 10
    elif kind == PEANUTS:
        shelled = rng.random() < 0.6
        count = rng.choice(["24/28", "38/42", "40/50", "50/60"])
        attrs.update(shelled=shelled, count_per_oz=count if shelled else None, bag_kg=25)
        attrs = {k: v for k, v in attrs.items() if v is not None}
        en = (f"Blanched Peanut Kernels {count} Count per Ounce, 25 kg Bag" if shelled
              else "Peanuts in Shell, Roasted Grade, 25 kg Bag")
        zh = f"花生仁 {count}粒/盎司 25公斤袋" if shelled else "带壳花生 烘烤级 25公斤袋"
        hs, retail, weight = ("120242" if shelled else "120241"), 48, 25
    elif kind == APPLES:
        variety = rng.choice([("Fuji", "富士"), ("Gala", "嘎啦"), ("Red Star", "红星")])
        count = rng.choice([80, 88, 100, 113])
        attrs.update(variety=variety[0].lower(), count_per_carton=count, carton_kg=18)
        en = f"Fresh {variety[0]} Apples, {count} Count, 18 kg Carton, Shandong Origin"
        zh = f"山东{variety[1]}苹果 {count}粒 18公斤箱装"
        hs, retail, weight = "080810", 26, 18
    elif kind == ONIONS:
        attrs.update(color=rng.choice(["red", "yellow"]), size="7cm and up", bag_kg=20)
        en = f"Fresh {attrs['color'].title()} Onions 7cm and Up, 20 kg Mesh Bag"
        zh = f"鲜{'红' if attrs['color'] == 'red' else '黄'}皮洋葱 7厘米以上 20公斤网袋"
        hs, retail, weight = "070310", 14, 20
    else:
        attrs.update(grade=rng.choice(["flower", "smooth"]), carton_kg=10)
        en = f"Dried Shiitake Mushrooms, {attrs['grade'].title()} Grade, 3-4 cm, 10 kg Carton"
        zh = f"{'花菇' if attrs['grade'] == 'flower' else '光面菇'}干香菇 3-4厘米 10公斤箱"
        hs, retail, weight = "071234", 120, 10
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, 50, 35, 30, 0.05), moq,
                       rng.randint(7, 20), certs,
                       "Packed to order in our own cold store; phytosanitary certificate included.",
                       "自有冷库按单包装，附植物检疫证书。")


# ---------------------------------------------------------------- smart home
PLUG_TYPES = ["US", "EU", "UK", "AU"]


def _smart_home(rng: random.Random) -> ProductSpec:
    kind = rng.choices([SMART_PLUG, ROBOT_VACUUM, AIR_PURIFIER, SMART_BULB, DOORBELL, SMART_LOCK],
                       weights=[22, 16, 16, 18, 14, 14])[0]
    plug = _pick(rng, PLUG_TYPES)
    conn = rng.choice(["Wi-Fi", "Zigbee", "Matter over Wi-Fi", "Bluetooth"])
    attrs: dict = {"type": kind, "connectivity": conn, "plug": plug,
                   "voltage": "110-120V" if plug == "US" else "220-240V",
                   "ecosystem": rng.choice(["Alexa and Google Home", "Tuya Smart Life", "Apple Home"])}
    certs = {"US": ["FCC", "UL", "ETL"], "EU": ["CE", "RoHS"], "UK": ["UKCA", "CE"], "AU": ["SAA", "RCM"]}[plug]
    moq = rng.choice([100, 300, 500, 1000])
    if kind == SMART_PLUG:
        amps = rng.choice([10, 15, 16])
        pack = rng.choice([1, 2, 4])
        attrs.update(max_current_a=amps, energy_monitoring=rng.random() < 0.5, pack=pack)
        en = (f"{conn} Smart Plug {amps}A, {plug} Plug, "
              f"{'Energy Monitoring, ' if attrs['energy_monitoring'] else ''}"
              f"Works with {attrs['ecosystem']}, {pack}-Pack")
        zh = f"{conn}智能插座 {amps}A {plug}规 {'电量统计 ' if attrs['energy_monitoring'] else ''}{pack}只装"
        hs, retail, weight, dims = "853669", 8 + pack * 6, 0.1 * pack, (10, 8, 6)
    elif kind == ROBOT_VACUUM:
        pa = rng.choice([2700, 4000, 6000, 8000])
        lidar = pa >= 4000
        mop = rng.random() < 0.6
        attrs.update(suction_pa=pa, lidar=lidar, mop=mop, self_empty=pa >= 6000)
        en = (f"Robot Vacuum Cleaner {pa} Pa{' LiDAR Navigation' if lidar else ''}{' with Mop' if mop else ''}"
              f"{', Self-Emptying Station' if pa >= 6000 else ''}, {conn}")
        zh = (f"扫地机器人 {pa}Pa吸力{' 激光导航' if lidar else ''}{' 扫拖一体' if mop else ''}"
              f"{' 自动集尘' if pa >= 6000 else ''}")
        hs, retail, weight, dims = "850811", 130 + pa * 0.04 + (150 if pa >= 6000 else 0), 4.5, (45, 45, 15)
    elif kind == AIR_PURIFIER:
        cadr = rng.choice([200, 300, 450, 600])
        attrs.update(cadr_m3h=cadr, filter="H13 True HEPA", room_m2=cadr // 8)
        en = f"Smart Air Purifier CADR {cadr} m³/h, H13 True HEPA, Covers {cadr // 8} m², {conn}, {plug} Plug"
        zh = f"智能空气净化器 CADR {cadr}立方米/小时 H13 HEPA 适用{cadr // 8}平方米"
        hs, retail, weight, dims = "842139", 80 + cadr * 0.35, 6, (35, 35, 55)
    elif kind == SMART_BULB:
        base = "E26" if plug == "US" else ("B22" if plug in ("UK", "AU") else "E27")
        watts = rng.choice([9, 10, 12])
        attrs.update(base=base, power_w=watts, color="RGBCW", lumens=watts * 90)
        en = f"{conn} Smart LED Bulb {base} {watts}W RGBCW, Dimmable, {watts * 90} lm, 4-Pack"
        zh = f"{conn}智能LED灯泡 {base} {watts}W 七彩调光 {watts * 90}流明 4只装"
        hs, retail, weight, dims = "853952", 22, 0.35, (25, 8, 12)
    elif kind == DOORBELL:
        res = rng.choice(["1080p", "2K", "2K HDR"])
        attrs.update(resolution=res, power=rng.choice(["battery", "wired"]), storage="local and cloud")
        en = f"{res} Video Doorbell Camera, {attrs['power'].title()}, Two-Way Audio, Night Vision, {conn}"
        zh = f"{res}可视门铃 {'电池款' if attrs['power'] == 'battery' else '有线款'} 双向对讲 夜视"
        hs, retail, weight, dims = "852589", rng.uniform(40, 110), 0.6, (18, 12, 8)
    else:
        unlock = rng.choice(["fingerprint", "face recognition", "keypad"])
        attrs.update(unlock=unlock, material="zinc alloy")
        attrs.pop("plug"), attrs.pop("voltage")
        en = f"Smart Door Lock with {unlock.title()}, App and Keypad Unlock, Zinc Alloy, {conn}"
        unlock_zh = "指纹" if unlock == "fingerprint" else "人脸识别" if unlock == "face recognition" else "密码"
        zh = f"智能门锁 {unlock_zh}解锁 锌合金 {conn}"
        hs, retail, weight, dims = "830140", rng.uniform(90, 220), 3.2, (40, 25, 12)
        certs = ["CE", "FCC", "RoHS"]
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, *dims), moq, rng.randint(20, 40), certs,
                       "App control, OTA firmware updates, 2-year warranty.", "手机App控制，支持OTA升级，质保两年。")


# ---------------------------------------------------------------- food and beverages
def _food(rng: random.Random) -> ProductSpec:
    kind = rng.choices([BEER, NOODLES, BISCUITS, ROASTED_PEANUTS, CANNED_PEACH, TEA_DRINK],
                       weights=[20, 22, 16, 14, 14, 14])[0]
    attrs: dict = {"type": kind, "shelf_life_months": rng.choice([9, 12, 18, 24]), "halal": rng.random() < 0.35}
    certs = ["HALAL", "HACCP", "ISO22000", "FDA", "BRC"]
    moq = rng.choice([200, 500, 1000, 2000])  # cartons
    if kind == BEER:
        fmt = rng.choice([("24 x 330 ml Cans", "330毫升x24罐", "24x330ml can"),
                          ("24 x 500 ml Cans", "500毫升x24罐", "24x500ml can"),
                          ("12 x 640 ml Bottles", "640毫升x12瓶", "12x640ml bottle")])
        abv = rng.choice([3.6, 4.3, 4.7, 5.0])
        attrs.update(pack=fmt[2], abv=abv, style=rng.choice(["lager", "pilsner", "wheat"]))
        attrs["halal"] = False
        en = f"Qingdao {attrs['style'].title()} Beer {abv}% ABV, {fmt[0]} per Carton"
        style_zh = "拉格" if attrs["style"] == "lager" else "皮尔森" if attrs["style"] == "pilsner" else "小麦"
        zh = f"青岛{style_zh}啤酒 {abv}%vol {fmt[1]}/箱"
        hs, retail, weight = "220300", 24 + (4 if "500" in fmt[2] else 0), 9.5
    elif kind == NOODLES:
        flavor = rng.choice([("Braised Beef", "红烧牛肉"), ("Spicy Chicken", "香辣鸡肉"), ("Seafood", "海鲜"),
                             ("Tomato Egg", "番茄鸡蛋"), ("Kimchi", "泡菜")])
        packs = rng.choice([24, 30, 40])
        attrs.update(flavor=flavor[0].lower(), packs_per_carton=packs, format=rng.choice(["bag", "cup"]))
        if attrs["format"] == "cup" and packs > 24:
            attrs["packs_per_carton"] = packs = 24
        en = f"{flavor[0]} Instant Noodles, {packs} {attrs['format'].title()}s per Carton"
        zh = f"{flavor[1]}味方便面 {'袋装' if attrs['format'] == 'bag' else '桶装'} {packs}包/箱"
        hs, retail, weight = "190230", 14 + packs * 0.2, packs * 0.12
    elif kind == BISCUITS:
        flavor = rng.choice([("Sesame", "芝麻"), ("Milk", "牛奶"), ("Scallion Soda", "葱油苏打"), ("Matcha", "抹茶")])
        attrs.update(flavor=flavor[0].lower(), pack_g=rng.choice([100, 200, 400]))
        en = f"{flavor[0]} Biscuits {attrs['pack_g']} g, 20 Packs per Carton"
        zh = f"{flavor[1]}饼干 {attrs['pack_g']}克 20包/箱"
        hs, retail, weight = "190531", 20, attrs["pack_g"] * 0.021
    elif kind == ROASTED_PEANUTS:
        flavor = rng.choice([("Garlic", "蒜香"), ("Spicy", "麻辣"), ("Salted", "盐焗"), ("Five-Spice", "五香")])
        attrs.update(flavor=flavor[0].lower(), pack_g=rng.choice([100, 150, 350]))
        en = f"{flavor[0]} Roasted Peanuts {attrs['pack_g']} g Pouch, 30 Pouches per Carton"
        zh = f"{flavor[1]}花生 {attrs['pack_g']}克袋装 30袋/箱"
        hs, retail, weight = "200811", 26, attrs["pack_g"] * 0.032
    elif kind == CANNED_PEACH:
        attrs.update(net_weight_g=rng.choice([425, 820]), syrup="light syrup")
        en = f"Canned Yellow Peach Halves in Light Syrup {attrs['net_weight_g']} g, 24 Tins per Carton"
        zh = f"糖水黄桃罐头 {attrs['net_weight_g']}克 24罐/箱"
        hs, retail, weight = "200870", 28, attrs["net_weight_g"] * 0.026
    else:
        tea = rng.choice([("Jasmine Green Tea", "茉莉绿茶"), ("Oolong Tea", "乌龙茶"),
                          ("Honey Lemon Black Tea", "蜂蜜柠檬红茶")])
        attrs.update(flavor=tea[0].lower(), volume_ml=500, sugar=rng.choice(["no sugar", "low sugar"]))
        en = f"{tea[0]} Drink {attrs['sugar'].title()}, 500 ml x 15 Bottles"
        zh = f"{'无糖' if attrs['sugar'] == 'no sugar' else '低糖'}{tea[1]}饮料 500毫升x15瓶"
        hs, retail, weight = "220299", 16, 8
    return ProductSpec(kind, en, zh, attrs, hs, retail, weight, _size(rng, 40, 28, 22, 0.1), moq,
                       rng.randint(10, 25), certs, "Export-labelled cartons, mixed-container loading possible.",
                       "出口标签，可拼柜装运。")


BUILDERS = {
    "wigs": _wigs, "eyelashes": _eyelashes, "furniture": _furniture, "playground": _playground,
    "auto_parts": _auto_parts, "textiles": _textiles, "instruments": _instruments, "seasonings": _seasonings,
    "agri_produce": _agri, "smart_home": _smart_home, "food_beverage": _food,
}


def make_product(category: str, rng: random.Random) -> ProductSpec:
    return BUILDERS[category](rng)


def slide_house_900() -> ProductSpec:
    """The seeds' slide house: 900 USD in the US, repriced for Indonesia (see PLANTED.md)."""
    return ProductSpec(
        SLIDE_HOUSE,
        "Kids Castle Playhouse with 220 cm Wave Slide and Climbing Wall, UV-Resistant HDPE, Ages 3-10",
        "儿童城堡滑梯屋 220厘米波浪滑梯带攀岩墙 抗紫外线HDPE 3-10岁",
        {"type": SLIDE_HOUSE, "age_range": "3-10", "material": "HDPE plastic", "slide_length_cm": 220,
         "uv_resistant": True, "max_load_kg": 60, "climbing_wall": True},
        "950699", 900.0, 85.0, (230.0, 160.0, 150.0), 2, 25, ["ASTM F1487", "CPSC", "EN71", "EN1176"],
        "Our best-seller in the US; assembled in 2 hours.", "美国市场爆款，2小时即可完成组装。",
    )
