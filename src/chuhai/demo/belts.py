"""The industrial belts of the demo, with the facts the newspaper seeds report about them."""

from __future__ import annotations

from chuhai.catalog.categories import CATEGORIES  # noqa: F401  (re-exported for the generator)


def _fact(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


# region: 6-digit administrative division codes used in the enterprises' credit codes.
BELTS: list[dict] = [
    {
        "code": "jiaozhou-wigs",
        "name_zh": "胶州发制品产业带",
        "name_en": "Jiaozhou Wig and Hair Products Belt",
        "province": "山东省",
        "city": "青岛市",
        "county": "胶州市",
        "categories": ["wigs"],
        "region": "370281",
        "enterprises": 45,
        "description_zh": "胶州是全国重要的发制品生产基地，产品以真人发头套、接发和假发片为主，"
        "大部分企业通过跨境电商直接面向海外消费者和美发沙龙。",
        "description_en": "Jiaozhou is one of China's main wig bases: human-hair lace wigs, extensions "
        "and toppers, most of them sold cross-border straight to consumers and salons abroad.",
        "key_facts": [
            _fact("约70%的本地发制品企业开展跨境电商业务", "About 70% of local wig firms sell cross-border"),
            _fact("营销费用约占产品成本的10%", "Marketing is about 10% of product cost"),
            _fact("海外网红推广单条报价从200美元涨到2000美元", "Influencer posts rose from 200 to 2,000 USD each"),
            _fact("企业正转向培育美发沙龙等B端客户", "Firms now cultivate salon owners as B-side customers"),
        ],
    },
    {
        "code": "pingdu-eyelashes",
        "name_zh": "平度假睫毛产业带",
        "name_en": "Pingdu False Eyelash Belt",
        "province": "山东省",
        "city": "青岛市",
        "county": "平度市",
        "categories": ["eyelashes"],
        "region": "370283",
        "enterprises": 40,
        "description_zh": "平度假睫毛产量约占全球的70%，产品销往日本、韩国、欧洲和美洲。",
        "description_en": "Pingdu makes about 70% of the world's false eyelashes, sold to Japan, Korea, "
        "Europe and the Americas.",
        "key_facts": [
            _fact("假睫毛产量约占全球70%", "About 70% of world false-eyelash output"),
            _fact("主要市场为日本、韩国、欧洲和美洲", "Main markets: Japan, Korea, Europe and America"),
        ],
    },
    {
        "code": "pingdu-seasonings",
        "name_zh": "平度调味品产业带",
        "name_en": "Pingdu Seasonings Belt",
        "province": "山东省",
        "city": "青岛市",
        "county": "平度市",
        "categories": ["seasonings"],
        "region": "370283",
        "enterprises": 20,
        "description_zh": "平度调味品产量约占全国的70%，蒜粉、辣椒制品和复合调味料出口东亚和东南亚。",
        "description_en": "Pingdu produces about 70% of China's seasonings; garlic powder, chili products "
        "and compound seasonings go to East and Southeast Asia.",
        "key_facts": [_fact("调味品产量约占全国70%", "About 70% of China's seasonings output")],
    },
    {
        "code": "pingdu-smart-home",
        "name_zh": "平度智能家电产业带",
        "name_en": "Pingdu Smart Home Appliance Belt",
        "province": "山东省",
        "city": "青岛市",
        "county": "平度市",
        "categories": ["smart_home"],
        "region": "370283",
        "enterprises": 18,
        "description_zh": "依托青岛家电产业链，平度聚集了智能插座、扫地机器人、空气净化器等智能家电企业。",
        "description_en": "Drawing on Qingdao's appliance supply chain, Pingdu hosts makers of smart plugs, "
        "robot vacuums and air purifiers.",
        "key_facts": [_fact("智能家电为平度重点发展产业", "Smart appliances are one of Pingdu's priority industries")],
    },
    {
        "code": "pingdu-food-beverage",
        "name_zh": "平度食品饮料产业带",
        "name_en": "Pingdu Food and Beverage Belt",
        "province": "山东省",
        "city": "青岛市",
        "county": "平度市",
        "categories": ["food_beverage"],
        "region": "370283",
        "enterprises": 12,
        "description_zh": "啤酒、方便面、休闲食品和饮料企业，面向日韩、东南亚和海外华人市场。",
        "description_en": "Beer, instant noodles, snacks and drinks for Japan, Korea, Southeast Asia and "
        "overseas Chinese communities.",
        "key_facts": [_fact("食品饮料为平度特色产业", "Food and beverages are one of Pingdu's signature industries")],
    },
    {
        "code": "qingdao-furniture",
        "name_zh": "青岛家具产业带",
        "name_en": "Qingdao Furniture Belt",
        "province": "山东省",
        "city": "青岛市",
        "county": None,
        "categories": ["furniture"],
        "region": "370200",
        "enterprises": 35,
        "description_zh": "实木家具、软体沙发和户外藤编家具，多为大件商品，依赖海外仓发货。",
        "description_en": "Solid-wood furniture, upholstered sofas and outdoor rattan sets: oversized goods "
        "shipped through overseas warehouses.",
        "key_facts": [
            _fact(
                "两件滞销大件商品货值16万元，仅从海外仓取回就花费6万元",
                "Two slow-moving items worth 160,000 CNY cost 60,000 CNY just to retrieve from the warehouse",
            ),
            _fact("新品首批30至50件发往海外仓试销", "A new product's first batch of 30-50 units goes to the overseas warehouse"),
        ],
    },
    {
        "code": "qingdao-playground",
        "name_zh": "青岛游乐设备产业带",
        "name_en": "Qingdao Playground Equipment Belt",
        "province": "山东省",
        "city": "青岛市",
        "county": None,
        "categories": ["playground"],
        "region": "370200",
        "enterprises": 20,
        "description_zh": "儿童滑梯屋、秋千架、蹦床和商用游乐设施制造企业。",
        "description_en": "Makers of children's slide houses, swing sets, trampolines and commercial playgrounds.",
        "key_facts": [
            _fact(
                "一款900美元的滑梯屋在美国畅销，在价格敏感的印尼却卖不动，调价后才打开市场",
                "A 900 USD slide house sold well in the US but not in price-sensitive Indonesia until it was repriced",
            ),
        ],
    },
    {
        "code": "weifang-auto-parts",
        "name_zh": "潍坊汽配产业带",
        "name_en": "Weifang Auto Parts Belt",
        "province": "山东省",
        "city": "潍坊市",
        "county": None,
        "categories": ["auto_parts"],
        "region": "370700",
        "enterprises": 40,
        "description_zh": "制动片、制动盘、减震器、车灯和滤清器等汽车后市场配件，出口中东、俄罗斯和中亚。",
        "description_en": "Aftermarket brake pads, discs, shock absorbers, lights and filters for the Middle "
        "East, Russia and Central Asia.",
        "key_facts": [
            _fact("潍坊16个发展主体孕育了汽配、纺织、农产品、乐器等特色产业带",
                  "Weifang's 16 development areas host auto-parts, textile, agricultural and instrument belts"),
            _fact("潍坊有外贸企业6357家", "Weifang has 6,357 foreign-trade firms"),
        ],
    },
    {
        "code": "weifang-textiles",
        "name_zh": "潍坊纺织产业带",
        "name_en": "Weifang Textiles Belt",
        "province": "山东省",
        "city": "潍坊市",
        "county": None,
        "categories": ["textiles"],
        "region": "370700",
        "enterprises": 30,
        "description_zh": "床品、毛巾、工装和针织服装，多数企业由代工转向自主品牌出海。",
        "description_en": "Bedding, towels, workwear and knitwear; many former OEM factories now sell their own brands.",
        "key_facts": [_fact("许多企业面临“有品无牌”的局面", "Many firms make good products without a brand")],
    },
    {
        "code": "weifang-agri-produce",
        "name_zh": "潍坊农产品产业带",
        "name_en": "Weifang Agricultural Produce Belt",
        "province": "山东省",
        "city": "潍坊市",
        "county": "安丘市",
        "categories": ["agri_produce"],
        "region": "370784",
        "enterprises": 20,
        "description_zh": "安丘大姜、大蒜、花生和苹果等农产品，出口东南亚、中东和欧洲。",
        "description_en": "Anqiu ginger, garlic, peanuts and apples for Southeast Asia, the Middle East and Europe.",
        "key_facts": [_fact("农产品是潍坊特色产业带之一", "Agricultural produce is one of Weifang's signature belts")],
    },
    {
        "code": "weifang-instruments",
        "name_zh": "潍坊乐器产业带",
        "name_en": "Weifang Musical Instruments Belt",
        "province": "山东省",
        "city": "潍坊市",
        "county": None,
        "categories": ["instruments"],
        "region": "370700",
        "enterprises": 20,
        "description_zh": "吉他、小提琴、尤克里里和电钢琴制造企业，产品进入欧美主流电商平台。",
        "description_en": "Makers of guitars, violins, ukuleles and digital pianos sold on the main Western marketplaces.",
        "key_facts": [_fact("乐器是潍坊特色产业带之一", "Musical instruments are one of Weifang's signature belts")],
    },
]

# Districts inside a city, so that credit codes spread over real region codes.
DISTRICTS: dict[str, tuple[str, ...]] = {
    "370200": ("370211", "370212", "370213", "370214", "370215", "370281"),
    "370700": ("370702", "370703", "370704", "370705", "370781", "370782", "370783", "370786"),
}
