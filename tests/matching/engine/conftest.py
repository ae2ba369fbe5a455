from decimal import Decimal

import pytest

from chuhai.matching.engine.records import CatalogItem


def item(product_id: str, **fields) -> CatalogItem:
    fields.setdefault("enterprise_id", "e-" + product_id)
    return CatalogItem(product_id=product_id, **fields)


@pytest.fixture(scope="session")
def catalog() -> list[CatalogItem]:
    """A small mixed-belt catalog; titles in one language only, on purpose."""
    return [
        item("wig-en", title_en="Brazilian Body Wave Human Hair 13x4 Lace Front Wig, 180% Density, 24 inch",
             price_usd=Decimal("60"), moq=5, lead_time_days=10, monthly_capacity=3000,
             certifications=("ISO 9001",), verified=True),
        item("wig-zh", title_zh="13x4蕾丝前头套 巴西真人发 直发 150%密度 20英寸",
             price_usd=Decimal("55"), moq=5, lead_time_days=12, monthly_capacity=2000, verified=False),
        item("lash-en", title_en="3D Faux Mink Magnetic Eyelashes Kit with Eyeliner, 5 Pairs",
             price_usd=Decimal("4.2"), moq=100, lead_time_days=7, certifications=("FDA", "CE"), verified=True),
        item("brake-zh", title_zh="陶瓷刹车片 适用丰田凯美瑞 低噪音", price_usd=Decimal("9.5"), moq=200,
             certifications=("E-Mark",)),
        item("brake-en", title_en="Ceramic Brake Pads for Honda Civic, Low Dust", price_usd=Decimal("11"), moq=100,
             certifications=("E-MARK", "ISO/TS 16949")),
        item("slide-zh", title_zh="儿童户外塑料滑梯屋 带秋千", price_usd=Decimal("900"), moq=1),
        item("guitar-en", title_en="41 inch Acoustic Guitar, Solid Spruce Top", price_usd=Decimal("70"), moq=10),
        item("garlic-zh", title_zh="新鲜大蒜 5.0cm 网袋装 10kg", price_usd=Decimal("12"), moq=1000),
        item("towel-en", title_en="100% Cotton Bath Towels 70x140 cm, 500 gsm", price_usd=Decimal("3.1"), moq=500),
        item("sofa-en", title_en="Mid-Century Modern 3-Seat Velvet Sofa, Solid Wood Frame", price_usd=Decimal("320")),
        item("plug-zh", title_zh="WiFi智能插座 支持语音控制", price_usd=Decimal("5"), moq=500),
        item("soy-en", title_en="Naturally Brewed Light Soy Sauce 500 ml", price_usd=Decimal("1.2"), moq=2000),
    ]


class MemoEmbedder:
    """The real e5 model, remembering each text's vector so that the tests' many small indexes
    over the same catalog embed it once."""

    def __init__(self):
        from chuhai.matching.engine.dense import E5Embedder

        self.inner = E5Embedder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.memo: dict[tuple[bool, str], object] = {}

    def _embed(self, texts, is_query):
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if (is_query, t) not in self.memo]
        if missing:
            fn = self.inner.embed_queries if is_query else self.inner.embed_passages
            self.memo.update(((is_query, t), v) for t, v in zip(missing, fn(missing), strict=False))
        return np.stack([self.memo[(is_query, t)] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_queries(self, texts):
        return self._embed(list(texts), True)

    def embed_passages(self, texts):
        return self._embed(list(texts), False)


@pytest.fixture(scope="session")
def e5() -> MemoEmbedder:
    return MemoEmbedder()


@pytest.fixture(params=["lexical-only", "e5"])
def embedder(request, e5):
    """Both engine modes: no model, and the e5 model."""
    return None if request.param == "lexical-only" else e5
