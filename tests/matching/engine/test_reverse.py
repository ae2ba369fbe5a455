from decimal import Decimal

import pytest

from chuhai.matching.engine.records import DemandQuery
from chuhai.matching.engine.reverse import DemandIndex

from .conftest import item

DEMANDS = [
    DemandQuery("us-wig", "Need 13x4 lace front wigs, human hair body wave", quantity=100, destination_country="US"),
    DemandQuery("mx-wig", "Busco pelucas de cabello humano con encaje", quantity=50, destination_country="MX"),
    DemandQuery("us-wig-2", "HD lace frontal wig 24 inch", quantity=20, destination_country="US"),
    DemandQuery("ng-wig-cert", "human hair wigs", required_certifications=("SONCAP",), destination_country="NG"),
    DemandQuery("ru-brake", "тормозные колодки керамические", quantity=1000, destination_country="RU"),
    DemandQuery("de-sofa", "Samtsofa 3-Sitzer", destination_country="DE"),
    DemandQuery("jp-lash", "マグネットまつげ", destination_country="JP"),
]


@pytest.fixture(scope="module", params=["lexical-only", "e5"])
def demands(request, e5):
    return DemandIndex.build(DEMANDS, embedder=None if request.param == "lexical-only" else e5)


WIG = item("wig", title_en="Brazilian Body Wave Human Hair 13x4 Lace Front Wig", moq=10, price_usd=Decimal("50"),
           monthly_capacity=5000)


def test_product_finds_its_demands_in_any_language(demands):
    found = [f.demand_id for f in demands.demands_for(WIG, top=3)]
    assert set(found) == {"us-wig", "mx-wig", "us-wig-2"}
    brake = item("brake", title_zh="陶瓷刹车片", moq=100)
    assert demands.demands_for(brake, top=1)[0].demand_id == "ru-brake"


def test_demand_requiring_a_missing_certificate_is_not_a_fit(demands):
    found = [f.demand_id for f in demands.demands_for(WIG, top=len(DEMANDS))]
    assert "ng-wig-cert" not in found
    certified = item("wig-soncap", title_en=WIG.title_en, certifications=("SONCAP",))
    assert "ng-wig-cert" in [f.demand_id for f in demands.demands_for(certified, top=4)]


def test_soft_gap_lowers_a_demand_and_says_why(demands):
    fits = {f.demand_id: f for f in demands.demands_for(WIG, top=3)}
    gaps = [r.code for r in fits["us-wig-2"].reasons if r.kind == "gap"]
    assert gaps == []  # quantity 20 ≥ MOQ 10
    big_moq = item("wig-big", title_en=WIG.title_en, moq=80, price_usd=Decimal("50"), monthly_capacity=5000)
    fits_big = {f.demand_id: f for f in demands.demands_for(big_moq, top=3)}
    assert "moq_above_quantity" in [r.code for r in fits_big["us-wig-2"].reasons]
    assert fits_big["us-wig-2"].score < fits["us-wig-2"].score


def test_markets_aggregate_the_fitting_demands(demands):
    markets = demands.markets_for(WIG, top=3, depth=3)
    assert markets[0].country == "US" and markets[0].demand_count == 2
    assert {m.country for m in markets} == {"US", "MX"}


def test_withdrawn_demand_leaves_the_index():
    index = DemandIndex.build(DEMANDS, embedder=None)
    index.remove(["us-wig"])
    assert "us-wig" not in [f.demand_id for f in index.demands_for(WIG, top=10)]


def test_the_product_index_vector_finds_the_same_demands_as_embedding_the_text(e5):
    """The platform passes the vector the product index holds (`MatchIndex.vector_of`) instead of embedding the
    product again; quantised as stored, it ranks the same demands."""
    from chuhai.matching.engine.match_index import MatchIndex

    demands = DemandIndex.build(DEMANDS, embedder=e5)
    brake = item("brake", title_zh="陶瓷刹车片", moq=100)
    products = MatchIndex.build([WIG, brake], embedder=e5)
    for product in (WIG, brake):
        vector = products.vector_of(product.product_id)
        assert vector is not None and vector.shape == (e5.dim,)
        embedded = [f.demand_id for f in demands.demands_for(product, top=3)]
        assert [f.demand_id for f in demands.demands_for(product, top=3, vector=vector)] == embedded
    assert products.vector_of("no-such-product") is None
    assert MatchIndex.build([WIG], embedder=None).vector_of("wig") is None
