# ruff: noqa: E501  (a data table: one article type a line reads best)
"""What a listing is (its article, the head noun of the title), and the facts that split subheadings.

Hand-written from the nomenclature and its section/chapter notes by a customs-classification reader (issue 17):
each article type names the heading(s) or subheading(s) where the *article* belongs — whatever it is made of —
with its words in Chinese, English (matched on stems), Spanish and Russian (matched on lower-case prefixes).
The codes apply the GRI where marketplaces go wrong: a part classified with its own heading when the nomenclature
has one (glow plug → 8511, brake pads → 8708, bearing → 8482), garments in 61/62 not fabrics in 50–60, bedding
in 9404, furniture of any material in 94, vacuum flasks in 9617, electro-thermic domestic appliances in 8516,
a smartwatch as a communication apparatus (8517.62). Not derived from the evaluation listings' labels.

`FACTS` are the one-fact differences a broker asks about (knitted or woven, men's or women's, electric or not,
material): words that state the fact in the listing (four languages) and the words of the nomenclature's
descriptions that carry each answer.
"""

from __future__ import annotations

# (codes, zh terms, en phrases, es prefixes, ru prefixes); the first code is the usual one.
ARTICLES: list[tuple[list[str], list[str], list[str], list[str], list[str]]] = [
    # --- garments (chapter 61 knitted / 62 woven; headings by article, subheading by material and gender)
    (["6109"], ["T恤", "t恤", "短袖", "打底衫"], ["t-shirt", "tshirt", "tee", "tank top", "singlet"], ["camiseta"], ["футболк", "майк"]),
    (["6115"], ["袜子", "袜", "丝袜", "连裤袜", "打底袜"], ["socks", "sock", "stockings", "tights", "pantyhose", "hosiery"], ["calcetin", "calcetín", "medias"], ["носк", "колгот", "чулк"]),
    (["6110"], ["卫衣", "毛衣", "针织衫", "开衫", "套头衫"], ["hoodie", "sweatshirt", "sweater", "pullover", "cardigan", "jumper"], ["sudadera", "suéter", "sueter", "jersey"], ["толстовк", "свитер", "худи", "кардиган"]),
    (["6111", "6209"], ["婴儿连体衣", "婴儿服", "宝宝衣服", "爬服", "哈衣"], ["baby romper", "romper", "onesie", "baby bodysuit", "babies garments"], ["pelele", "body de bebé"], ["боди для малыш", "ползунк"]),
    (["6104", "6204"], ["打底裤", "瑜伽裤", "女裤", "连衣裙", "半身裙", "裙子"], ["leggings", "yoga pants", "dress", "skirt"], ["leggings", "vestido", "falda"], ["леггинс", "лосин", "плать", "юбк"]),
    (["6203", "6103"], ["男裤", "工装裤", "休闲裤", "西裤", "牛仔裤", "短裤", "西装", "男士套装"], ["cargo pants", "trousers", "pants", "jeans", "shorts", "suit", "chinos"], ["pantalón", "pantalon", "vaqueros", "traje"], ["брюк", "джинс", "шорт", "костюм"]),
    (["6205", "6206", "6105", "6106"], ["衬衫", "衬衣"], ["shirt", "blouse", "polo shirt"], ["camisa", "blusa"], ["рубашк", "блузк"]),
    (["6202", "6201", "6102", "6101"], ["羽绒服", "棉服", "外套", "夹克", "风衣", "大衣", "冲锋衣"], ["jacket", "coat", "parka", "anorak", "windbreaker", "down jacket", "puffer"], ["chaqueta", "abrigo", "parka"], ["куртк", "пальто", "пуховик", "парк"]),
    (["6214", "6117"], ["围巾", "丝巾", "披肩"], ["scarf", "shawl", "scarves"], ["bufanda", "pañuelo"], ["шарф", "платок"]),
    (["6212"], ["文胸", "胸罩", "内衣"], ["bra", "brassiere"], ["sujetador"], ["бюстгальтер"]),
    (["6216", "6116"], ["手套"], ["gloves", "mittens"], ["guantes"], ["перчатк"]),
    # --- made-up textiles (63) and bedding (94)
    (["6302"], ["床单", "被套", "四件套", "枕套", "毛巾", "浴巾", "桌布"], ["bed sheet", "sheet set", "duvet cover", "pillowcase", "towel", "bath towel", "tablecloth"], ["sábana", "sabana", "toalla"], ["простын", "полотенц", "пододеяльник"]),
    (["6306"], ["帐篷", "篷布", "天幕"], ["tent", "tarpaulin", "awning"], ["tienda de campaña", "carpa", "lona"], ["палатк", "тент"]),
    (["9404"], ["被子", "羽绒被", "棉被", "床垫", "枕头", "睡袋", "蚕丝被"], ["duvet", "comforter", "quilt", "mattress", "pillow", "sleeping bag"], ["colchón", "colchon", "edredón", "almohada"], ["матрас", "одеял", "подушк"]),
    # --- footwear, headgear, umbrellas, wigs, bags
    (["6404", "6403", "6402"], ["鞋", "运动鞋", "跑鞋", "皮鞋", "拖鞋", "凉鞋", "靴"], ["shoes", "sneakers", "running shoes", "boots", "sandals", "slippers", "loafers", "footwear"], ["zapatos", "zapatillas", "botas", "sandalias"], ["обув", "кроссовк", "ботинк", "туфл", "сапог"]),
    (["6505", "6506"], ["帽子", "棒球帽", "安全帽", "头盔", "鸭舌帽"], ["cap", "hat", "beanie", "helmet", "hard hat", "baseball cap"], ["gorra", "sombrero", "casco"], ["кепк", "шапк", "шлем", "каск"]),
    (["6601"], ["雨伞", "遮阳伞", "折叠伞"], ["umbrella", "parasol"], ["paraguas"], ["зонт"]),
    (["6704"], ["假发", "发片"], ["wig", "hair extensions", "toupee"], ["peluca"], ["парик"]),
    (["4202"], ["手提包", "包包", "钱包", "背包", "双肩包", "行李箱", "拉杆箱", "登机箱", "手机壳"], ["handbag", "bag", "tote", "wallet", "backpack", "suitcase", "luggage", "purse", "phone case"], ["bolso", "cartera", "mochila", "maleta"], ["сумк", "кошел", "рюкзак", "чемодан"]),
    # --- home, kitchen
    (["9617"], ["保温杯", "保温瓶", "保温壶", "焖烧杯"], ["vacuum flask", "thermos", "insulated bottle", "vacuum insulated", "vacuum bottle"], ["termo"], ["термос"]),
    (["8516"], ["电热水壶", "热水壶", "电水壶", "吹风机", "电吹风", "电饭煲", "微波炉", "电暖器", "电熨斗", "咖啡机", "烤面包机", "电烤箱"], ["electric kettle", "hair dryer", "hairdryer", "rice cooker", "microwave", "space heater", "iron", "coffee maker", "coffee machine", "toaster", "electric oven"], ["hervidor eléctrico", "secador de pelo", "microondas", "cafetera"], ["электрочайник", "чайник электрическ", "фен", "микроволнов", "кофемашин", "утюг"]),
    (["8509", "8510"], ["电动牙刷", "榨汁机", "料理机", "破壁机", "剃须刀", "理发器", "扫地机器人"], ["electric toothbrush", "blender", "juicer", "food processor", "shaver", "hair clipper", "robot vacuum"], ["cepillo eléctrico", "licuadora", "afeitadora"], ["электрическая зубная", "блендер", "соковыжимал", "бритв"]),
    (["7323", "7615"], ["炒锅", "汤锅", "不锈钢锅", "锅具", "不锈钢盆", "饭盒"], ["cookware", "frying pan", "wok", "stock pot", "saucepan", "pot"], ["sartén", "olla"], ["сковород", "кастрюл"]),
    (["3924"], ["保鲜盒", "收纳盒", "塑料盒", "塑料杯", "塑料碗"], ["food storage container", "plastic container", "lunch box", "storage box"], ["táper", "recipiente de plástico"], ["контейнер для еды"]),
    (["6911", "6912"], ["陶瓷盘", "餐盘", "碗", "马克杯", "陶瓷杯", "餐具套装"], ["dinner plates", "plate", "bowl", "mug", "dinnerware", "tableware"], ["platos", "taza"], ["тарелк", "кружк", "посуд"]),
    (["7013"], ["玻璃杯", "水杯", "玻璃碗"], ["drinking glass", "glass cup", "wine glass", "glassware", "tumbler"], ["vaso de vidrio", "copa"], ["стакан", "бокал"]),
    (["8211"], ["刀具", "菜刀", "厨房刀"], ["knife set", "kitchen knife", "chef knife", "knives"], ["cuchillo"], ["нож"]),
    (["4419"], ["砧板", "菜板", "木勺", "筷子"], ["cutting board", "chopping board", "chopsticks", "wooden spoon"], ["tabla de cortar"], ["разделочн"]),
    (["6910"], ["马桶", "坐便器", "洗手盆", "陶瓷面盆"], ["toilet", "wash basin", "sink"], ["inodoro"], ["унитаз", "раковин"]),
    (["9401"], ["椅", "凳", "沙发", "办公椅", "座椅"], ["chair", "stool", "sofa", "seat", "office chair"], ["silla", "sofá", "taburete"], ["стул", "кресл", "диван"]),
    (["9403"], ["桌", "柜", "书架", "床架", "床", "衣柜", "餐桌"], ["table", "desk", "cabinet", "shelf", "bookcase", "wardrobe", "bed frame", "furniture", "bed"], ["mesa", "armario", "estantería", "cama"], ["стол", "шкаф", "полк", "кроват"]),
    (["9405"], ["吸顶灯", "台灯", "灯具", "吊灯", "落地灯", "灯串"], ["ceiling light", "lamp", "chandelier", "light fixture", "floor lamp", "string lights", "luminaire"], ["lámpara", "plafón"], ["люстр", "светильник"]),
    (["8539"], ["LED灯泡", "灯泡", "灯管"], ["led bulb", "light bulb", "led lamp", "bulb"], ["bombilla"], ["светодиодная ламп", "лампа", "лампочк"]),
    (["9603"], ["牙刷", "刷子", "扫把", "化妆刷"], ["toothbrush", "brush", "broom", "makeup brush"], ["cepillo de dientes", "cepillo", "escoba"], ["зубная щетк", "щетк"]),
    (["9615"], ["梳子", "发夹", "发卡"], ["comb", "hair clip", "hairpin"], ["peine"], ["расческ", "гребен"]),
    (["9619"], ["纸尿裤", "尿不湿", "卫生巾", "护垫"], ["diapers", "nappies", "sanitary pads", "sanitary napkins", "panty liners"], ["pañales", "compresas"], ["подгузник", "прокладк"]),
    (["9613"], ["打火机"], ["lighter"], ["encendedor", "mechero"], ["зажигалк"]),
    (["9608"], ["圆珠笔", "中性笔", "签字笔", "钢笔", "马克笔"], ["ballpoint pen", "pen", "gel pen", "marker"], ["bolígrafo", "boligrafo"], ["ручк"]),
    (["4818"], ["卫生纸", "纸巾", "抽纸", "厨房纸"], ["toilet paper", "tissue", "paper towel", "napkins"], ["papel higiénico"], ["туалетная бумаг", "салфетк"]),
    (["4819"], ["纸箱", "纸盒", "快递箱"], ["carton box", "cardboard box", "shipping box", "corrugated box"], ["caja de cartón"], ["картонн"]),
    (["4802"], ["复印纸", "打印纸", "A4纸"], ["copy paper", "printer paper", "a4 paper"], ["papel de copia"], ["бумага для офис"]),
    (["4910"], ["日历", "台历", "挂历"], ["calendar"], ["calendario"], ["календар"]),
    (["4901", "4903"], ["绘本", "图书", "书籍", "童书"], ["book", "picture book", "novel"], ["libro"], ["книг"]),
    (["4421", "3926"], ["衣架"], ["hangers", "clothes hanger"], ["perchas"], ["вешалк"]),
    (["4602"], ["编织篮", "收纳篮", "藤篮", "竹篮"], ["woven basket", "storage basket", "wicker basket", "rattan basket"], ["cesta"], ["корзин"]),
    (["3923"], ["垃圾袋", "塑料袋", "保鲜袋", "自封袋"], ["garbage bags", "trash bags", "plastic bags", "zip lock bags"], ["bolsas de basura"], ["мешки для мусор", "пакет"]),
    (["7007"], ["钢化膜", "手机膜", "屏幕保护膜"], ["screen protector", "tempered glass film"], ["protector de pantalla"], ["защитное стекло"]),
    # --- cosmetics, cleaning, chemicals (articles)
    (["3303"], ["香水"], ["perfume", "eau de parfum", "eau de toilette", "cologne"], ["perfume"], ["дух", "парфюм"]),
    (["3304"], ["洗面奶", "面霜", "面膜", "口红", "粉底", "眼影", "精华", "防晒霜", "护肤"], ["face wash", "cleanser", "face cream", "moisturizer", "lipstick", "foundation", "serum", "sunscreen", "face mask", "eyeshadow"], ["crema facial", "protector solar", "labial"], ["крем для лиц", "помад", "тональн"]),
    (["3305"], ["洗发水", "护发素", "染发剂", "发胶"], ["shampoo", "conditioner", "hair dye", "hair spray"], ["champú", "champu", "acondicionador"], ["шампун", "бальзам для волос"]),
    (["3306"], ["牙膏", "牙线", "漱口水"], ["toothpaste", "dental floss", "mouthwash"], ["pasta de dientes", "dentífrico"], ["зубная паст"]),
    (["3401"], ["香皂", "肥皂", "手工皂"], ["soap bar", "soap"], ["jabón", "jabon"], ["мыло"]),
    (["3402"], ["洗衣粉", "洗衣液", "洗洁精", "清洁剂"], ["laundry detergent", "detergent", "dish soap", "washing powder", "cleaner"], ["detergente"], ["стиральный порош", "моющее"]),
    (["3506"], ["胶水", "瞬间胶", "502", "白乳胶", "热熔胶"], ["glue", "super glue", "adhesive"], ["pegamento"], ["клей"]),
    (["3808"], ["蚊香", "杀虫剂", "除草剂", "灭鼠", "驱蚊液"], ["insecticide", "herbicide", "weed killer", "mosquito coil", "pesticide", "rat poison"], ["herbicida", "insecticida"], ["гербицид", "инсектицид"]),
    (["3604"], ["烟花", "烟火", "鞭炮"], ["fireworks", "firecrackers"], ["fuegos artificiales"], ["фейерверк", "салют"]),
    (["3605"], ["火柴"], ["matches"], ["cerillas"], ["спичк"]),
    (["3213", "3209", "3208"], ["颜料", "丙烯颜料", "油漆", "涂料", "木器漆"], ["acrylic paint", "paint set", "paint", "watercolor"], ["pintura"], ["краск"]),
    (["3004"], ["片剂", "胶囊", "药品", "药"], ["tablets", "capsules", "medicine", "pills"], ["comprimidos", "medicamento"], ["таблетк", "лекарств"]),
    (["3005"], ["绷带", "纱布", "创可贴"], ["bandage", "gauze", "plaster", "wound dressing"], ["venda", "gasa"], ["бинт", "пластыр"]),
    (["4015"], ["手套 丁腈", "丁腈手套", "乳胶手套", "一次性手套"], ["nitrile gloves", "latex gloves", "disposable gloves", "rubber gloves"], ["guantes de nitrilo"], ["нитрилов", "латексн"]),
    (["4011"], ["轮胎", "外胎"], ["tyre", "tire"], ["neumático", "neumatico"], ["шин"]),
    (["4016"], ["脚垫", "橡胶垫", "密封圈", "O型圈"], ["car floor mats", "rubber mat", "o-ring", "gasket"], ["alfombrillas de goma"], ["коврик", "уплотнител"]),
    # --- metal articles, tools
    (["7318"], ["螺栓", "螺丝", "螺母", "垫圈", "螺钉"], ["bolts", "screws", "nuts", "washers", "hex bolt", "hex nuts"], ["tornillos", "tuercas"], ["болт", "винт", "гайк", "шайб"]),
    (["7317"], ["钉子", "铁钉"], ["nails"], ["clavos"], ["гвозд"]),
    (["7308"], ["脚手架", "钢结构"], ["scaffolding", "steel structure"], ["andamio"], ["строительные лес"]),
    (["8301"], ["挂锁", "门锁", "锁"], ["padlock", "lock", "door lock"], ["candado", "cerradura"], ["замок", "навесной"]),
    (["8302"], ["合页", "铰链", "拉手", "滑轨"], ["hinge", "hinges", "drawer slide", "handle"], ["bisagra"], ["петл"]),
    (["8205"], ["螺丝刀", "扳手", "锤子", "钳子"], ["screwdriver", "wrench", "hammer", "pliers", "spanner"], ["destornillador", "martillo", "llave inglesa"], ["отвертк", "молоток", "ключ гаечн"]),
    (["8201"], ["剪枝剪", "修枝剪", "铁锹", "园艺剪"], ["pruning shears", "secateurs", "shovel", "spade", "rake"], ["tijeras de podar", "pala"], ["секатор", "лопат"]),
    (["8213"], ["剪刀", "理发剪"], ["scissors"], ["tijeras"], ["ножниц"]),
    (["8467"], ["电钻", "冲击钻", "手电钻", "角磨机", "电锯", "电动螺丝刀"], ["drill", "cordless drill", "angle grinder", "circular saw", "impact driver", "power tool"], ["taladro", "amoladora"], ["дрел", "шуруповерт", "болгарк"]),
    # --- machines, electrical, parts with their own headings
    (["8415"], ["空调"], ["air conditioner", "air conditioning"], ["aire acondicionado"], ["кондиционер"]),
    (["8418"], ["冰箱", "冰柜", "冷柜"], ["refrigerator", "fridge", "freezer"], ["refrigerador", "nevera", "congelador"], ["холодильник", "морозильн"]),
    (["8450"], ["洗衣机"], ["washing machine"], ["lavadora"], ["стиральная машин"]),
    (["8452"], ["缝纫机"], ["sewing machine"], ["máquina de coser"], ["швейная машин"]),
    (["8413"], ["水泵", "泵", "潜水泵"], ["pump", "water pump"], ["bomba de agua"], ["насос"]),
    (["8471"], ["笔记本电脑", "电脑", "平板电脑", "主机"], ["laptop", "notebook computer", "computer", "tablet pc"], ["portátil", "ordenador"], ["ноутбук", "компьютер"]),
    (["8443"], ["墨盒", "打印机", "硒鼓"], ["ink cartridge", "printer", "toner cartridge"], ["cartucho de tinta", "impresora"], ["картридж", "принтер"]),
    (["8482"], ["轴承"], ["bearing", "ball bearing"], ["rodamiento"], ["подшипник"]),
    (["8429"], ["挖掘机", "推土机", "装载机"], ["excavator", "bulldozer", "wheel loader"], ["excavadora"], ["экскаватор"]),
    (["8517"], ["手机", "智能手机", "智能手表", "路由器", "对讲机"], ["smartphone", "mobile phone", "cell phone", "smartwatch", "smart watch", "router"], ["teléfono", "celular", "móvil", "reloj inteligente"], ["смартфон", "телефон", "смарт-час", "роутер"]),
    (["8518"], ["耳机", "蓝牙耳机", "音箱", "音响", "麦克风"], ["earphones", "headphones", "earbuds", "speaker", "microphone", "headset"], ["auriculares", "altavoz"], ["наушник", "колонк", "микрофон"]),
    (["8507"], ["充电宝", "移动电源", "锂电池", "电池组"], ["power bank", "lithium battery", "battery pack", "rechargeable battery"], ["batería externa", "batería"], ["аккумулятор", "повербанк"]),
    (["8504"], ["充电器", "电源适配器", "变压器", "逆变器"], ["charger", "power adapter", "transformer", "inverter"], ["cargador", "adaptador"], ["зарядн", "адаптер", "трансформатор"]),
    (["8511"], ["火花塞", "预热塞", "电热塞", "点火线圈"], ["glow plug", "spark plug", "ignition coil"], ["bujía"], ["свеча зажиган", "свеча накал"]),
    (["8708"], ["刹车片", "离合器", "减震器", "方向盘", "保险杠", "汽车配件"], ["brake pads", "clutch kit", "clutch", "shock absorber", "steering wheel", "bumper", "brake disc"], ["pastillas de freno", "embrague", "amortiguador"], ["тормозные колодк", "сцеплен", "амортизатор"]),
    (["8711"], ["电动滑板车", "电动车", "摩托车", "电动自行车"], ["electric scooter", "motorcycle", "e-bike", "electric bike"], ["patinete eléctrico", "motocicleta"], ["электросамокат", "мотоцикл"]),
    (["8712"], ["自行车", "山地车"], ["bicycle", "mountain bike", "bike"], ["bicicleta"], ["велосипед"]),
    (["8715"], ["婴儿车", "推车 婴儿"], ["stroller", "pram", "baby carriage"], ["carrito de bebé", "cochecito"], ["коляск"]),
    (["8806"], ["无人机"], ["drone", "quadcopter"], ["dron"], ["дрон", "квадрокоптер"]),
    (["8903"], ["充气船", "皮划艇", "游艇"], ["inflatable boat", "kayak", "yacht"], ["bote inflable", "kayak"], ["лодк", "байдарк"]),
    (["8609"], ["集装箱"], ["shipping container", "container 40ft", "container 20ft"], ["contenedor"], ["контейнер морск"]),
    # --- instruments, watches, music, toys, sport
    (["9025"], ["体温计", "温度计", "额温枪"], ["thermometer"], ["termómetro"], ["термометр", "градусник"]),
    (["9018"], ["血压计", "注射器", "听诊器"], ["blood pressure monitor", "syringe", "stethoscope"], ["tensiómetro", "jeringa"], ["тонометр", "шприц"]),
    (["9004"], ["太阳镜", "墨镜", "老花镜"], ["sunglasses", "reading glasses"], ["gafas de sol"], ["солнцезащитн"]),
    (["9003"], ["眼镜框", "镜架"], ["eyeglass frames", "glasses frame", "spectacle frame"], ["montura"], ["оправ"]),
    (["9011"], ["显微镜"], ["microscope"], ["microscopio"], ["микроскоп"]),
    (["9102", "9101"], ["手表", "腕表", "石英表", "机械表"], ["wrist watch", "wristwatch", "watch"], ["reloj de pulsera", "reloj"], ["наручные час", "часы наручн"]),
    (["9105"], ["挂钟", "闹钟", "座钟"], ["wall clock", "alarm clock", "clock"], ["reloj de pared", "despertador"], ["настенные час", "будильник"]),
    (["9202"], ["吉他", "小提琴", "尤克里里"], ["guitar", "violin", "ukulele"], ["guitarra", "violín"], ["гитар", "скрипк"]),
    (["9207"], ["电子琴", "电吉他", "电子鼓"], ["electronic keyboard", "digital piano", "electric guitar"], ["teclado electrónico"], ["синтезатор"]),
    (["9503"], ["玩具", "积木", "拼图", "娃娃", "毛绒玩具", "遥控车"], ["toy", "building blocks", "puzzle", "doll", "plush", "stuffed animal", "rc car", "bricks"], ["juguete", "muñeca", "muneca", "peluche"], ["игрушк", "кукл", "конструктор"]),
    (["9504"], ["扑克牌", "棋", "桌游", "游戏机"], ["playing cards", "poker cards", "board game", "game console", "chess"], ["naipes", "cartas de póker"], ["игральные карт", "шахмат"]),
    (["9506"], ["瑜伽垫", "哑铃", "跳绳", "健身器材", "滑板", "蹦床", "球拍"], ["yoga mat", "dumbbell", "jump rope", "fitness", "skateboard", "trampoline", "racket", "exercise"], ["esterilla de yoga", "mancuerna"], ["коврик для йог", "гантел"]),
    (["9507"], ["鱼竿", "渔具", "鱼线", "鱼钩"], ["fishing rod", "fishing reel", "fishing line", "fishing lure"], ["caña de pescar"], ["удочк", "спиннинг"]),
    (["9306"], ["弹丸", "气枪弹"], ["pellets", "air gun pellets", "ammunition"], ["balines"], ["пул"]),
    (["9701"], ["油画", "画作", "手绘画"], ["oil painting", "painting on canvas", "hand painted"], ["pintura al óleo", "cuadro"], ["картина маслом"]),
    (["9704"], ["邮票"], ["postage stamps", "stamps"], ["sellos"], ["марк"]),
    (["6702"], ["仿真花", "假花", "人造花"], ["artificial flowers", "fake flowers", "silk flowers"], ["flores artificiales"], ["искусственные цвет"]),
    (["7113", "7117"], ["项链", "戒指", "耳环", "手链", "手镯", "吊坠"], ["necklace", "ring", "earrings", "bracelet", "pendant", "jewelry", "jewellery"], ["collar", "anillo", "pendientes", "pulsera"], ["ожерель", "кольц", "серьг", "браслет"]),
]

# One fact that separates subheadings: (fact, [(answer, words in a listing, words in the nomenclature)]).
FACTS: list[tuple[str, list[tuple[str, list[str], list[str]]]]] = [
    ("knit", [
        ("knitted", ["knit", "knitted", "jersey", "针织", "trikot", "трикотаж", "punto"], ["knitted or crocheted"]),
        ("woven", ["woven", "梭织", "机织", "tejid", "ткан", "twill", "denim", "牛仔"], ["not knitted or crocheted", "woven"]),
    ]),
    ("gender", [
        ("men", ["men", "men's", "mens", "boy", "男", "hombre", "niño", "мужск", "мальчик"], ["men's or boys'"]),
        ("women", ["women", "women's", "womens", "ladies", "girl", "女", "mujer", "niña", "женск", "девоч"], ["women's or girls'"]),
    ]),
    ("material", [
        ("cotton", ["cotton", "棉", "algodón", "algodon", "хлопок", "хлопк"], ["of cotton"]),
        ("synthetic", ["polyester", "nylon", "涤纶", "聚酯", "锦纶", "尼龙", "poliéster", "poliester", "полиэстер", "нейлон", "synthetic", "microfiber", "microfibre", "fleece"], ["of synthetic fibres", "of man-made fibres", "of man-made textile"]),
        ("wool", ["wool", "merino", "羊毛", "lana", "шерст"], ["of wool"]),
        ("silk", ["silk", "真丝", "蚕丝", "seda", "шелк"], ["of silk"]),
    ]),
    ("power", [
        ("electric", ["electric", "cordless", "rechargeable", "battery", "usb", "220v", "110v", "电动", "电热", "充电", "eléctric", "электр"], ["electric", "electro-"]),
        ("manual", ["manual", "non-electric", "hand-operated", "手动", "手工", "ручн"], ["non-electric", "not electric", "hand-operated"]),
    ]),
]
