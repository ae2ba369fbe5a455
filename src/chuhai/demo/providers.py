"""The demo's service providers: forwarders, overseas warehouses, customs brokers and finance."""

from __future__ import annotations


def _provider(name_zh: str, name_en: str, kind: str, regions: list[str], email: str, description: str) -> dict:
    return {"name_zh": name_zh, "name_en": name_en, "kind": kind, "regions": regions, "contact_email": email,
            "description": description}


SERVICE_PROVIDERS: list[dict] = [
    _provider("青岛远洋通国际货运代理有限公司", "Qingdao Yuanyangtong International Freight Forwarding Co., Ltd.",
              "forwarder", ["US", "CA", "MX", "GB", "DE", "NL"], "booking@yyt-freight.com",
              "FCL/LCL sea freight from Qingdao port to North America and Europe, DDP door delivery."),
    _provider("潍坊欧亚班列物流有限公司", "Weifang Eurasia Rail Logistics Co., Ltd.", "forwarder",
              ["DE", "PL", "NL", "RU", "KZ", "UZ"], "rail@eurasia-rail.cn",
              "China-Europe Railway Express and Central Asia block trains from Weifang and Qingdao."),
    _provider("山东丝路TIR国际运输有限公司", "Shandong Silk Road TIR Transport Co., Ltd.", "forwarder",
              ["KZ", "UZ", "RU"], "tir@silkroad-tir.com",
              "TIR road transport to Kazakhstan, Uzbekistan and Russia in about half the rail transit time."),
    _provider("青岛胶东空港供应链有限公司", "Qingdao Jiaodong Airport Supply Chain Co., Ltd.", "forwarder",
              ["US", "GB", "JP", "KR", "NG", "ZA"], "air@jdairport-scm.com",
              "Airport bonded zone consolidation for high-value light goods: wigs, false eyelashes, caps."),
    _provider("青岛东南亚快线物流有限公司", "Qingdao ASEAN Express Logistics Co., Ltd.", "forwarder",
              ["ID", "MY", "TH", "VN", "PH", "SG"], "asean@asean-express.cn",
              "Weekly sea and express lines to Southeast Asia with customs clearance at destination."),
    _provider("美西海外仓（洛杉矶）", "West Coast Overseas Warehouse (Los Angeles)", "overseas_warehouse", ["US", "CA"],
              "la@usw-warehouse.com", "Public warehouse in Ontario, CA: oversized goods, FBA prep, Wayfair CastleGate feed."),
    _provider("美东海外仓（新泽西）", "East Coast Overseas Warehouse (New Jersey)", "overseas_warehouse", ["US"],
              "nj@use-warehouse.com", "Public warehouse in New Jersey with returns handling and relabelling."),
    _provider("欧洲海外仓（汉堡）", "Hamburg Overseas Warehouse", "overseas_warehouse", ["DE", "FR", "NL", "PL", "IT", "ES"],
              "hamburg@eu-warehouse.de", "Bonded and duty-paid storage, pan-EU parcel delivery, EPR registration help."),
    _provider("英国海外仓（伯明翰）", "Birmingham Overseas Warehouse", "overseas_warehouse", ["GB"],
              "uk@uk-warehouse.co.uk", "UK fulfilment centre, postponed VAT accounting support."),
    _provider("雅加达海外仓", "Jakarta Overseas Warehouse", "overseas_warehouse", ["ID"], "jkt@id-warehouse.co.id",
              "Local stock for TikTok Shop and Shopee sellers, cash-on-delivery reconciliation."),
    _provider("莫斯科海外仓", "Moscow Overseas Warehouse", "overseas_warehouse", ["RU", "KZ"], "msk@ru-warehouse.ru",
              "Storage and last-mile delivery for auto parts and home goods in Russia and Kazakhstan."),
    _provider("迪拜海外仓", "Dubai Overseas Warehouse", "overseas_warehouse", ["AE", "SA"], "dxb@gcc-warehouse.ae",
              "Jebel Ali free-zone warehouse serving the Gulf markets."),
    _provider("悉尼海外仓", "Sydney Overseas Warehouse", "overseas_warehouse", ["AU", "NZ"], "syd@anz-warehouse.com.au",
              "Bulky-goods storage and delivery across Australia and New Zealand."),
    _provider("青岛关通报关有限公司", "Qingdao Guantong Customs Brokerage Co., Ltd.", "customs_broker", ["CN"],
              "declare@guantong-customs.cn", "Export declarations under 9610, 9710, 9810 and 1210; export tax rebate filing."),
    _provider("潍坊海关通报关行", "Weifang Customs Link Brokerage", "customs_broker", ["CN"], "wf@customslink.cn",
              "HS classification, certificates of origin (RCEP, ASEAN), export licences."),
    _provider("欧盟清关服务中心", "EU Clearance Service Centre", "customs_broker", ["DE", "NL", "FR", "IT", "ES", "PL"],
              "eu@clearance-centre.eu", "Import clearance, IOSS and VAT registration for sellers to the EU."),
    _provider("东盟清关通", "ASEAN Clearance Link", "customs_broker", ["ID", "MY", "TH", "VN", "PH", "SG"],
              "clear@asean-clearance.com", "Import permits, halal and SNI/SIRIM product registrations in ASEAN."),
    _provider("中信保山东分公司合作服务站", "Export Credit Insurance Service Desk (Shandong)", "finance",
              ["US", "GB", "DE", "RU", "NG", "BR"], "credit@eci-shandong.cn",
              "Short-term export credit insurance and buyer credit checks."),
    _provider("跨境通收款服务有限公司", "CrossPay Collection Services Ltd.", "finance",
              ["US", "GB", "DE", "JP", "ID", "MY", "TH", "VN", "PH", "SG"], "support@crosspay.com",
              "Marketplace payouts in 20 currencies, FX conversion and settlement to CNY accounts."),
    _provider("青岛外贸供应链金融服务有限公司", "Qingdao Foreign Trade Supply Chain Finance Co., Ltd.", "finance", ["CN"],
              "loan@qd-tradefinance.cn", "Order financing and export tax rebate advances for pilot-zone members."),
]
