"""The HS suggester on marketplace-feed listings (issue 17 §1): long keyword titles, category paths, feed
attributes. Each rule with examples written for the test (none is a benchmark title)."""

from __future__ import annotations

import pytest

from chuhai.planning.engine.hs import ASKED_FACTS, suggest_item
from chuhai.planning.engine.hs_articles import FACTS
from chuhai.planning.texts import HS_ANSWERS, HS_QUESTIONS


def codes(text: str, top: int = 3, **kwargs) -> list[str]:
    return [s["code"] for s in suggest_item(text, top=top, **kwargs).suggestions]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        # a keyword-stuffed title: its first made-up article is the product, later keywords are uses and extras
        ("Handheld Immersion Blender 600W Stick Mixer Baby Food Smoothie Milkshake Soup Juice Jar Kitchen", "8509"),
        ("Wireless Earbuds Bluetooth 5.3 Headphones Charging Case Sports Running Gym Stereo Mic", "8518"),
        # a word of matter before the article describes it: candy colours, a marble coating, juice in a cup
        ("Candy Colour Matte TPU Phone Case Shockproof Slim Soft Cover Girls", "3926"),
        ("Marble Coating Nonstick Frying Pan Aluminium 26cm Gas Induction Omelette", "7615"),
        ("Double Wall Glass Cup Coffee Juice Tea Drinking Glass Heat Proof 350ml", "7013"),
        # a plural in -es is the same article (brushes, watches)
        ("Eyeshadow Blending Brushes 12 pcs Soft Bristles Travel Pouch", "9603"),
    ],
)
def test_the_first_made_up_article_of_a_long_title_is_the_product(text, heading):
    assert codes(text, top=1)[0][:4] == heading


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        # what it serves comes after "for", "compatible", "fits": not what it is
        ("Bluetooth Earbuds for iPhone Samsung Xiaomi Android Mobile Phone", "8518"),
        ("Front Wiper Blades for Honda Civic 2016-2021 Pair", "8512"),
        ("Spin-On Oil Filter fits Ford Focus 1.6 Engine Oil Change", "8421"),
        ("Protective Case Cover compatible with Samsung Galaxy Smartphone, Clear TPU", "3926"),
    ],
)
def test_what_follows_for_is_what_it_serves(text, heading):
    assert codes(text, top=1)[0][:4] == heading


def test_an_article_named_only_after_for_counts_less_than_the_words_before_it():
    # nothing known before "for": the camera after it is only a hint, the words of the film still count
    assert "370120" in codes("Instant film for Polaroid camera, 10 sheets", top=3)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tail Lamp Assembly Left Side LED Rear Light", "851220"),  # vehicle lighting: 8512, not luminaires 9405
        ("Windscreen Wiper Blade 22 Inch Frameless Universal", "851290"),  # the blade is a part of the wiper
        ("Cabin Air Filter Activated Charcoal", "842139"),  # filters the air of the cabin, not the engine's intake
        ("Ceramic Brake Pads Front Set", "870830"),  # brakes and their parts
        ("Jewellery Box Two Layer Velvet Lining Organiser", "420292"),  # a container for jewellery is a container
        ("Replacement Watch Strap Nylon Loop 22mm", "911390"),  # a watch strap, not jewellery
        ("Velvet Cushion Cover Square 50x50 Sofa Decor", "630493"),  # the cover is a furnishing article
        ("Disposable Paper Plates Party Pack 50", "482369"),  # paper tableware, not ceramics
        ("Rubber Chew Toy for Puppies Teething", "401699"),  # a pet's toy is not a toy of 9503
        ("Adjustable Nylon Dog Leash 1.5m Reflective", "420100"),  # saddlery and harness for any animal
        ("Disposable Face Masks 3 Layer Earloop 100pcs", "630790"),  # a made-up textile article
        ("Collar para gato ajustable con campana y hebilla", "420100"),  # es collar: the pet's, not a necklace
    ],
)
def test_accessories_parts_and_containers_have_their_own_headings(text, code):
    assert codes(text, top=1)[0] == code


@pytest.mark.parametrize(
    ("attributes", "heading"),
    [
        ({"Upper Material": "Genuine Leather", "Outsole Material": "Rubber"}, "6403"),
        ({"Upper Material": "Mesh", "Outsole Material": "Rubber"}, "6404"),
        ({"Upper Material": "PU", "Outsole Material": "Rubber"}, "6402"),
    ],
)
def test_footwear_goes_by_its_upper_as_the_feed_states_it(attributes, heading):
    assert codes("Chelsea Boots Autumn Winter Slip On Ankle Boots", top=1, attributes=attributes)[0][:4] == heading


def test_the_feed_gender_picks_the_garment_subheading():
    got = codes(
        "Puffer Coat Winter Warm Hooded Parka Thick Outwear",
        top=1,
        attributes={"Gender": "WOMEN", "Material": "Polyester", "Brand Name": "NoEnName_Null"},
    )
    assert got == ["620240"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sterling Silver 925 Hoop Earrings Minimalist", "711311"),  # precious metal
        ("18K Gold Plated Stainless Steel Chain Necklace", "711719"),  # plated base metal: imitation jewellery
        ("Freshwater Pearl Stud Earrings and Pearl Necklace Set", "711610"),  # articles of pearls
    ],
)
def test_jewellery_goes_by_its_metal(text, code):
    assert codes(text, top=1)[0] == code


def test_a_material_attribute_makes_jewellery_imitation_of_other_than_base_metal():
    assert codes("Beaded Bracelet Colourful Summer Boho", top=1, attributes={"Material": "Acrylic"}) == ["711790"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Men's Digital LED Sports Watch Waterproof Alarm", "910212"),  # opto-electronic display
        ("Men's Quartz Analog Watch Leather Band Classic", "910211"),  # hands: mechanical display
    ],
)
def test_a_watch_goes_by_its_display(text, code):
    assert codes(text, top=1)[0] == code


def test_the_leaf_of_the_category_names_the_article():
    got = codes(
        "Hot Sale 2025 New Arrival Free Shipping",
        top=1,
        category="Automobiles & Motorcycles > Car Lights > Tail Lights",
    )
    assert got == ["851220"]


def test_feed_noise_is_not_a_fact():
    # "Origin: Mainland China" is not porcelain, a brand is not a material
    got = codes(
        "Disposable Paper Cups 250ml Party",
        top=1,
        attributes={"Origin": "Mainland China", "Brand Name": "NoEnName_Null", "Material": "Paper"},
    )
    assert got[0][:4] == "4823"


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Relógio Digital Esportivo Masculino à Prova d'Água", "9102"),  # pt relógio is a watch
        ("Свечи зажигания иридиевые комплект 4 шт", "8511"),  # ru plural свечи
        ("Sartenes de aluminio antiadherentes con recubrimiento de granito", "7615"),  # es: the pans, not the stone
    ],
)
def test_other_languages(text, heading):
    assert codes(text, top=1)[0][:4] == heading


def test_only_facts_the_platform_can_ask_become_questions():
    for text in ("Women boots", "Earrings", "Watch", "Frying pan", "Women trousers", "Shoes", "Necklace"):
        question = suggest_item(text, top=5).question
        assert question is None or question.fact in HS_QUESTIONS
    assert {"upper", "metal", "display", "made_of"} <= {fact for fact, _answers in FACTS}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the article first, the furniture or room it is used on after it
        ("Chunky Knit Throw Blanket Soft Cozy for Sofa Couch Bed", "6301"),
        ("Linen Table Runner Boho Wedding Dining Decor 200cm", "6302"),
        ("Mini Desk Fan USB Quiet Personal Cooling Fan Office", "8414"),
        ("Bamboo Shoe Rack 4 Tier Entryway Organizer", "9403"),
        # cells and batteries: primary cells 8506, rechargeable ones 8507
        ("AAA Batteries Alkaline 1.5V Long Life 20 Pack", "8506"),
        ("Rechargeable AAA Batteries NiMH 1100mAh 4 Pack", "8507"),
        # a plural of medicine tablets is not a tablet computer; a kids tablet is
        ("Paracetamol 500mg tablets, 2 blisters of 10", "3004"),
        ("Kids Tablet 8 inch Android WiFi Learning Games", "8471"),
    ],
)
def test_more_marketplace_articles(text, code):
    assert codes(text, top=1)[0][:4] == code


def test_a_spanish_word_inside_an_english_title_does_not_take_the_head():
    # "frontal", "clips" are Spanish terms elsewhere; in an English title the English head decides
    assert codes("Lace Frontal Wig Human Hair Body Wave 20 inch", top=1)[0][:4] == "6704"
    assert codes("Hair Claw Clips Large Matte Strong Hold 4 Pcs", top=1)[0][:4] == "9615"


@pytest.mark.parametrize(
    ("text", "code", "attributes"),
    [
        # 4202 by what the container is (handbag, wallet, luggage, other) and by its outer surface
        ("Small Crossbody Bag Women Chain Strap Evening", "420221", {"Material": "Genuine Leather"}),
        ("Small Crossbody Bag Women Chain Strap Evening", "420222", {"Material": "Nylon"}),
        ("Minimalist Card Holder Slim Front Pocket", "420231", {"Material": "Cowhide"}),
        ("Hiking Backpack 40L Waterproof Daypack", "420292", {"Material": "Oxford"}),
        ("Hard Shell Carry On 20 Inch Spinner Wheels", "420212", {"Material": "ABS, polycarbonate"}),
    ],
)
def test_bags_go_by_container_and_outer_surface(text, code, attributes):
    assert codes(text, top=1, attributes=attributes) == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Drone Battery 3.7V LiPo Spare Pack 2 Pcs", "850760"),  # the battery follows the drone it serves
        ("Smart Watch Women Heart Rate Sleep Monitor Waterproof", "851762"),  # smartwatch: 8517.62
        ("Bread Knife Serrated Wavy Edge 10 Inch", "821191"),  # a bread knife is a knife
        ("Blazer for Men Slim Fit Two Button Casual Jacket", "62033"),  # jackets and blazers, not suits
    ],
)
def test_heads_named_second(text, code):
    assert codes(text, top=1)[0].startswith(code)


@pytest.mark.parametrize(
    ("text", "attributes", "code"),
    [
        # not sports footwear unless a sport is named; not covering the ankle unless a boot; rubber soles by default
        ("Men's Oxford Shoes Lace Up Formal Office Wedding Derby", {"Upper Material": "Cow Leather"}, "640399"),
        ("Men's Chelsea Boots Casual Winter Work Boots", {"Upper Material": "Cow Leather"}, "640391"),
        ("Men's Basketball Shoes High Performance Cushioned", {"Upper Material": "Genuine Leather"}, "640319"),
        # the feed's outsole is a fact about the sole, not the upper
        (
            "Classic Penny Loafers Slip On Office Wear",
            {"Upper Material": "Leather", "Outsole Material": "Leather"},
            "640359",
        ),
    ],
)
def test_footwear_subheadings_default_as_a_broker_assumes(text, attributes, code):
    assert codes(text, top=1, attributes=attributes) == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Brushless Leaf Blower Battery Powered Cordless Handheld", "8467"),  # "battery powered" is its power
        ("Jigsaw Puzzle 500 Pieces Animals for Kids", "9503"),  # a jigsaw puzzle is a toy, not a power saw
        ("Hex Key Allen Wrench Set Metric Long Arm", "8204"),  # spanners and wrenches: 8204, not 8205
        ("Timing Belt Kit for Honda Civic 1.8", "4010"),  # transmission belts of rubber
        ("Warm Fleece Dog Coat Winter Jacket for Puppies", "4201"),  # dog coats are in 4201 with harness
    ],
)
def test_tools_auto_parts_and_pet_wear(text, code):
    assert codes(text, top=1)[0][:4] == code


def test_wigs_go_by_human_or_synthetic_hair():
    assert codes("Body Wave Lace Front Wig Brazilian Virgin Human Hair 22 Inch", top=1) == ["670420"]
    assert codes("Long Curly Wig Heat Resistant Synthetic Fiber Cosplay", top=1)[0][:5] == "67041"


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("RC Car Radio Controlled Off Road Truck 1:18", "9503"),  # a radio-controlled toy, not a radio
        ("Wooden TV Stand Media Console Living Room", "9403"),  # furniture for a TV, not the TV
        ("Rubber Door Mat Heavy Duty Entrance Outdoor", "4016"),  # a rubber mat, not a carpet
        ("Wellington Rain Boots Women Mid Calf Garden", "6401"),  # waterproof footwear of 6401
        ("Women's Joggers Cotton Fleece Lounge Pants", "6104"),  # sweatpants are knitted trousers
    ],
)
def test_words_that_name_what_an_article_is_used_with(text, heading):
    assert codes(text, top=1)[0][:4] == heading


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Women Stand Collar Dress Long Sleeve Elegant", "6204"),  # es "collar" is a necklace; here a collar
        ("Cast Iron Pan 10 Inch Preseasoned", "7323"),  # es "pan" is bread; here a pan
        ("Collar de perlas para mujer elegante", "7116"),  # in Spanish it is the necklace
    ],
)
def test_english_titles_keep_their_english_head(text, heading):
    assert codes(text, top=1)[0][:4] == heading


@pytest.mark.parametrize(
    ("text", "attributes", "code"),
    [
        # garments: the article's subheading group, then gender and material from the feed
        ("Cotton Briefs Soft Stretch 5 Pack", {"Gender": "WOMEN", "Material": "Cotton"}, "610821"),
        ("Cotton Briefs Soft Stretch 5 Pack", {"Gender": "MEN", "Material": "Cotton"}, "610711"),
        (
            "Flannel Pajama Set Long Sleeve Sleepwear",
            {"Gender": "MEN", "Material": "Cotton", "Fabric Type": "Woven"},
            "620721",
        ),
        ("Button Down Shirt Long Sleeve Office Work", {"Gender": "WOMEN", "Material": "Cotton"}, "620630"),
        ("Knit Sweater Dress Ribbed Long Sleeve Midi", {"Gender": "WOMEN", "Material": "Polyester"}, "610443"),
    ],
)
def test_garment_subheadings(text, attributes, code):
    assert codes(text, top=1, attributes=attributes) == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Crystal Wine Glasses Set of 6 Long Stem", "70132"),  # stemware, not tumblers
        ("Solar Fence Lights Outdoor Waterproof LED 4 Pack", "940541"),  # solar: photovoltaic luminaires
        ("Waffle Maker Belgian Non Stick Plates 1200W", "851660"),  # an electro-thermic cooker
        ("Label Maker Machine with Tape Bluetooth Portable", "844332"),  # a printer connectable to a computer
    ],
)
def test_home_and_office_subheadings(text, code):
    assert codes(text, top=1)[0].startswith(code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Robot Vacuum Cleaner Self Charging Slim Quiet", "850811"),  # a vacuum cleaner of 8508, not 8509
        ("智能手环 心率 睡眠监测 防水", "851762"),  # a fitness band is a smartwatch of 8517.62
        ("烧水壶 家用 304不锈钢 1.7L", "851679"),  # an electric kettle (8516.79), not steel tableware
        ("Extended Gaming Mouse Pad Stitched Edges 80x30", "401699"),  # a mat, not the mouse
    ],
)
def test_more_chinese_and_electronics(text, code):
    assert codes(text, top=1)[0] == code


def test_every_fact_a_question_may_ask_has_its_texts():
    for fact, answers in FACTS:
        if fact in ASKED_FACTS:
            assert fact in HS_QUESTIONS
            assert all((fact, answer) in HS_ANSWERS for answer, _words, _marks in answers)


def test_a_question_about_the_upper_when_the_listing_does_not_say():
    question = suggest_item("Women ankle boots winter", top=5).question
    assert question is not None and question.fact in HS_QUESTIONS


def test_a_feed_attribute_given_as_a_list_of_values_is_read_like_one_value():
    title = "Winter Puffer Jacket Warm Padded Coat Stand Collar Zip Up Outwear"
    as_list = suggest_item(title, top=3, attributes={"Gender": ["WOMEN"], "Material": ["Polyester"]})
    as_value = suggest_item(title, top=3, attributes={"Gender": "WOMEN", "Material": "Polyester"})
    assert as_list.suggestions == as_value.suggestions
    assert as_list.suggestions[0]["code"].startswith("6202")  # women's, not the men's 6201 of the bare title
