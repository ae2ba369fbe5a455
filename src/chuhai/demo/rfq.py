"""RFQ texts in the buyers' languages: what an overseas buyer types into the demand form."""

from __future__ import annotations

import random

LANGUAGES = ("en", "zh", "es", "ru", "ja", "id", "de", "fr", "pt", "ko")

# {product} {specs} {qty} {price} {currency} {port}; the certificate and deadline sentences are appended.
TEMPLATES: dict[str, list[str]] = {
    "en": [
        "We are looking for {product} ({specs}). Quantity: {qty} pcs. Target price {price} {currency}/pc, delivered to {port}.",
        "RFQ: {qty} units of {product}, {specs}. Please quote your best price (target {price} {currency}) and lead time.",
        "Hi, our {kind} needs {product} — {specs}. First order {qty} pcs, repeat orders monthly if quality is good. Budget around {price} {currency} per unit.",
        "Need a reliable supplier of {product}, spec: {specs}. {qty} pcs to {port}. Can you do private label? Target {price} {currency}.",
    ],
    "zh": [
        "求购{product}，规格：{specs}，数量{qty}件，目标单价{price} {currency}，发往{port}。",
        "我们需要{product}（{specs}），首单{qty}件，请报最低价和交期，目标价{price} {currency}/件。",
        "寻找{product}工厂，要求{specs}，每月约{qty}件，可长期合作，预算每件{price} {currency}。",
    ],
    "es": [
        "Buscamos {product} ({specs}). Cantidad: {qty} unidades. Precio objetivo {price} {currency} por unidad, entrega en {port}.",
        "Solicitud de cotización: {qty} unidades de {product}, {specs}. Por favor envíen su mejor precio y plazo de entrega.",
        "Necesitamos proveedor de {product}, especificación: {specs}. Pedido inicial de {qty} unidades, presupuesto {price} {currency}/unidad.",
    ],
    "ru": [
        "Ищем поставщика: {product} ({specs}). Количество: {qty} шт. Целевая цена {price} {currency} за шт., доставка в {port}.",
        "Запрос цены: {product}, {specs}, партия {qty} шт. Просим указать цену и срок поставки.",
        "Нужны {product}: {specs}. Первая партия {qty} шт., далее регулярные заказы. Бюджет около {price} {currency} за единицу.",
    ],
    "ja": [
        "{product}を探しています（{specs}）。数量：{qty}個。希望単価{price} {currency}、{port}まで納品希望です。",
        "見積依頼：{product} {specs}、{qty}個。価格と納期をご提示ください。",
        "{product}（{specs}）の仕入れ先を募集中です。初回{qty}個、品質次第で継続発注します。予算は1個あたり{price} {currency}。",
    ],
    "id": [
        "Kami mencari {product} ({specs}). Jumlah: {qty} pcs. Harga target {price} {currency} per pcs, dikirim ke {port}.",
        "Permintaan penawaran: {qty} unit {product}, {specs}. Mohon kirim harga terbaik dan waktu produksi.",
        "Butuh supplier {product}, spesifikasi {specs}. Order pertama {qty} pcs, budget sekitar {price} {currency} per unit.",
    ],
    "de": [
        "Wir suchen {product} ({specs}). Menge: {qty} Stück. Zielpreis {price} {currency} pro Stück, Lieferung nach {port}.",
        "Anfrage: {qty} Stück {product}, {specs}. Bitte senden Sie uns Ihr bestes Angebot mit Lieferzeit.",
        "Für unser Sortiment benötigen wir {product}: {specs}. Erstauftrag {qty} Stück, Budget ca. {price} {currency} je Stück.",
    ],
    "fr": [
        "Nous recherchons {product} ({specs}). Quantité : {qty} pièces. Prix cible {price} {currency} par pièce, livraison à {port}.",
        "Demande de devis : {qty} pièces de {product}, {specs}. Merci d'indiquer votre meilleur prix et le délai.",
        "Besoin d'un fournisseur de {product}, spécification : {specs}. Première commande {qty} pièces, budget environ {price} {currency}.",
    ],
    "pt": [
        "Procuramos {product} ({specs}). Quantidade: {qty} unidades. Preço alvo {price} {currency} por unidade, entrega em {port}.",
        "Cotação: {qty} unidades de {product}, {specs}. Favor enviar melhor preço e prazo de entrega.",
    ],
    "ko": [
        "{product}({specs})을 찾고 있습니다. 수량: {qty}개. 목표 단가 {price} {currency}, {port} 도착 조건입니다.",
        "견적 요청: {product} {specs}, {qty}개. 가격과 납기를 알려주세요.",
    ],
}

CERT_SENTENCE = {
    "en": " Must have {certs} certification.",
    "zh": " 须具备{certs}认证。",
    "es": " Se requiere certificación {certs}.",
    "ru": " Обязателен сертификат {certs}.",
    "ja": " {certs}認証必須です。",
    "id": " Wajib memiliki sertifikasi {certs}.",
    "de": " {certs}-Zertifizierung erforderlich.",
    "fr": " Certification {certs} obligatoire.",
    "pt": " É necessário certificado {certs}.",
    "ko": " {certs} 인증이 필요합니다.",
}

VERIFIED_SENTENCE = {
    "en": " Verified factories only.", "zh": " 仅限认证工厂。", "es": " Solo fábricas verificadas.",
    "ru": " Только проверенные фабрики.", "ja": " 認証済み工場のみ。", "id": " Hanya pabrik terverifikasi.",
    "de": " Nur verifizierte Hersteller.", "fr": " Usines vérifiées uniquement.", "pt": " Somente fábricas verificadas.",
    "ko": " 인증된 공장만 가능합니다.",
}

KIND_WORDS = {"importer": "import business", "distributor": "distribution network", "retailer": "store",
              "salon": "salon", "platform_seller": "online store"}

PORTS = {"US": "Los Angeles", "CA": "Vancouver", "MX": "Manzanillo", "BR": "Santos", "CL": "San Antonio",
         "GB": "Felixstowe", "DE": "Hamburg", "FR": "Le Havre", "ES": "Valencia", "IT": "Genoa", "NL": "Rotterdam",
         "PL": "Gdańsk", "RU": "Moscow", "KZ": "Almaty", "UZ": "Tashkent", "TR": "Istanbul", "SA": "Jeddah",
         "AE": "Jebel Ali", "NG": "Lagos", "ZA": "Durban", "IN": "Nhava Sheva", "JP": "Tokyo", "KR": "Busan",
         "AU": "Sydney", "NZ": "Auckland", "ID": "Jakarta", "MY": "Port Klang", "TH": "Laem Chabang",
         "VN": "Ho Chi Minh City", "PH": "Manila", "SG": "Singapore"}


def render(language: str, product: str, specs: str, qty: int, price: str, currency: str, country: str,
           buyer_kind: str, certs: list[str], verified_only: bool, rng: random.Random) -> str:
    template = rng.choice(TEMPLATES[language])
    text = template.format(product=product, specs=specs, qty=f"{qty:,}" if language == "en" else qty, price=price,
                           currency=currency, port=PORTS[country], kind=KIND_WORDS[buyer_kind])
    if certs:
        text += CERT_SENTENCE[language].format(certs=", ".join(certs))
    if verified_only:
        text += VERIFIED_SENTENCE[language]
    return text
