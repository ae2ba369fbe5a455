"""The requirement rules for the demo's product × market pairs, with the reasons they apply."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest

from chuhai.compliance.engine.reference import (
    KINDS,
    UnknownValue,
    load_reference,
    parse_edit_value,
    resolve_market,
    with_edits,
)
from chuhai.compliance.engine.requirements import gaps, requirements_for, status_against, tasks

REF = load_reference()
ON = dt.date(2026, 12, 6)


def codes(hs, category, market, channel=None, on=ON):
    return [a.requirement.code for a in requirements_for(REF, hs, category, market, channel, on)]


def reasons(hs, category, market, code, channel=None):
    found = next(a for a in requirements_for(REF, hs, category, market, channel, ON) if a.requirement.code == code)
    return [r.text() for r in found.reasons]


def test_childrens_slide_house_to_the_us_needs_a_cpc_third_party_testing_and_astm_f963():
    found = codes("950699", "playground", "US")
    assert {"US_CPSIA_CPC", "US_CPSC_THIRD_PARTY_TESTING", "US_ASTM_F963", "US_CPSIA_LEAD_PHTHALATES",
            "US_CPSIA_TRACKING_LABEL"} <= set(found)
    assert {"US_ASTM_F1148_HOME_PLAYGROUND", "US_ASTM_F1487_PUBLIC_PLAYGROUND"} <= set(found)
    assert not {"US_FDA_FOOD_FACILITY_REGISTRATION", "US_FCC_PART15"} & set(found)
    assert reasons("950699", "playground", "US", "US_CPSIA_CPC") == ["market US", "category playground (children)"]
    # a toy by its HS heading needs no category
    assert reasons("950300", None, "US", "US_ASTM_F963") == ["market US", "HS 950300 is in 9503 (children)"]


def test_childrens_slide_house_to_the_eu_needs_ce_under_the_toy_directive_en71_and_a_gpsr_responsible_person():
    found = codes("950699", "playground", "EU")
    assert {"EU_TOY_SAFETY_CE", "EU_EN71_TESTING", "EU_GPSR_RESPONSIBLE_PERSON", "EU_REACH"} <= set(found)
    assert "EU_EN1176_PUBLIC_PLAYGROUND" in found
    assert all(code.startswith("EU_") for code in found)
    # a member state brings the EU's rules, saying so
    assert reasons("950699", "playground", "de", "EU_TOY_SAFETY_CE")[0] == "DE is in EU"
    gpsr = REF.requirement("EU_GPSR_RESPONSIBLE_PERSON")
    assert gpsr.mandatory and "13 December 2024" in gpsr.legal_basis


def test_lace_wig_to_the_eu_needs_the_gpsr_and_reach_but_no_ce():
    found = codes("670420", "wigs", "EU")
    assert {"EU_GPSR_RESPONSIBLE_PERSON", "EU_GPSR_TRACEABILITY_LABEL", "EU_REACH"} <= set(found)
    assert not [c for c in found if "CE" in c.split("_")]
    assert "HS 670420 is in 6704 (wigs_hair)" not in reasons("670420", "wigs", "EU", "EU_REACH")
    assert "category wigs (consumer_nonfood)" in reasons("670420", "wigs", "EU", "EU_REACH")


def test_electric_kettle_to_the_uk_needs_ukca_a_bs1363_plug_rohs_and_weee():
    found = codes("851679", None, "UK")
    assert {"UK_UKCA_OR_CE", "UK_PLUGS_BS1363", "UK_ROHS", "UK_WEEE", "UK_IMPORTER_IDENTIFICATION"} <= set(found)
    assert "UK_PSTI" not in found  # not a connectable product
    assert reasons("851679", None, "uk", "UK_PLUGS_BS1363") == ["market GB", "HS 851679 is in 8516 (electrical)"]


def test_electric_kettle_to_japan_needs_pse_and_a_food_sanitation_notification():
    found = codes("851679", None, "JP")
    assert {"JP_PSE", "JP_FOOD_SANITATION_APPARATUS", "JP_HOUSEHOLD_QUALITY_LABEL"} <= set(found)
    assert "JP_RADIO_LAW_GITEKI" not in found
    # a smart (connected) appliance needs the radio law too
    assert "JP_RADIO_LAW_GITEKI" in codes("850811", "smart_home", "JP")


def test_brake_pads_to_the_eu_need_ece_r90():
    found = codes("870830", "auto_parts", "EU")
    assert found[0] == "EU_ECE_R90_BRAKES"  # mandatory certifications come first
    assert reasons("870830", "auto_parts", "EU", "EU_ECE_R90_BRAKES") == [
        "market EU", "HS 870830 is in 870830 (brake_parts)"]
    assert "EU_ECE_LIGHTING" not in found
    # LED headlight bulbs: an E-mark as vehicle lighting only in the auto parts category
    assert "EU_ECE_LIGHTING" in codes("853952", "auto_parts", "EU")
    assert "EU_ECE_LIGHTING" not in codes("853952", "smart_home", "EU")


def test_garlic_to_the_us_needs_fda_registration_prior_notice_and_bears_the_anti_dumping_order():
    found = codes("070320", "agri_produce", "US")
    assert {"US_FDA_FOOD_FACILITY_REGISTRATION", "US_FDA_PRIOR_NOTICE", "US_FDA_FSVP", "US_APHIS_FRESH_PRODUCE",
            "US_AD_GARLIC_CN", "X_PHYTOSANITARY_CN"} <= set(found)
    assert reasons("070320", "agri_produce", "US", "X_PHYTOSANITARY_CN")[0] == "applies in every market"
    assert "US_CPSIA_CPC" not in found
    assert "US_AD_GARLIC_CN" not in codes("071290", "seasonings", "US")  # dehydrated garlic is outside the order


def test_mandatory_first_then_by_kind():
    items = requirements_for(REF, "950699", "playground", "US", None, ON)
    mandatory = [a.requirement.mandatory for a in items]
    assert mandatory == sorted(mandatory, reverse=True)
    kinds = [KINDS.index(a.requirement.kind) for a in items if a.requirement.mandatory]
    assert kinds == sorted(kinds)


def test_channels_select_b2c_only_requirements():
    assert "EU_GPSR_ONLINE_LISTING" in codes("670420", "wigs", "EU", "Amazon")
    assert "EU_GPSR_ONLINE_LISTING" not in codes("670420", "wigs", "EU", "alibaba")
    assert "EU_GPSR_ONLINE_LISTING" not in codes("670420", "wigs", "EU", " B2B ")
    assert "channel amazon sells b2c" in reasons("670420", "wigs", "EU", "EU_GPSR_ONLINE_LISTING", "amazon")
    assert "no channel given; applies to b2c sales" in reasons("670420", "wigs", "EU", "EU_GPSR_ONLINE_LISTING")
    assert "EU_GPSR_ONLINE_LISTING" in codes("670420", "wigs", "EU", "TikTok Shop")
    assert "EU_GPSR_ONLINE_LISTING" in codes("670420", "wigs", "EU", "amazon.de")


@pytest.mark.parametrize("written, country, markets", [
    ("us", "US", ("US",)), (" U S ", "US", ("US",)), ("UK", "GB", ("GB",)), ("gb", "GB", ("GB",)),
    ("EU", None, ("EU",)), ("Europe", None, ("EU",)), ("de", "DE", ("DE", "EU")), ("Russia", "RU", ("RU", "EAEU")),
    ("kz", "KZ", ("KZ", "EAEU")), ("EAEU", None, ("EAEU",)), ("uae", "AE", ("AE",)), ("美国", "US", ("US",)),
    ("Германия", "DE", ("DE", "EU")), ("Alemania", "DE", ("DE", "EU")), ("Россия", "RU", ("RU", "EAEU")),
    ("JPN", "JP", ("JP",)), ("沙特阿拉伯", "SA", ("SA",)), ("United Kingdom", "GB", ("GB",)),
])
def test_markets_as_users_write_them(written, country, markets):
    found = resolve_market(REF, written)
    assert (found.country, found.markets) == (country, markets)


def test_an_unknown_market_or_channel_lists_the_known_ones():
    with pytest.raises(UnknownValue) as exc:
        requirements_for(REF, "950699", None, "Mars")
    assert exc.value.what == "market" and "US" in exc.value.known and "EU" in exc.value.known
    with pytest.raises(UnknownValue) as exc:
        requirements_for(REF, "950699", None, "US", "ebay")
    assert exc.value.what == "channel" and "amazon" in exc.value.known


def test_russia_gets_the_eaeu_rules_and_its_own_marking():
    found = codes("611020", "textiles", "RU")
    assert {"EAEU_TR_CU_017_TEXTILES", "RU_CHESTNY_ZNAK"} <= set(found)
    assert "RU_CHESTNY_ZNAK" not in codes("611020", "textiles", "KZ")


def test_a_requirement_not_yet_in_force_is_upcoming_and_does_not_count_as_a_gap():
    before = requirements_for(REF, "940350", "furniture", "EU", None, dt.date(2026, 12, 6))
    eudr = next(a for a in before if a.requirement.code == "EU_EUDR_DUE_DILIGENCE")
    assert eudr.upcoming and eudr.reasons[-1].text() == "applies from 2026-12-30"
    assert "EU_EUDR_DUE_DILIGENCE" not in [s.applicable.requirement.code for s in gaps(status_against(before, []))]
    after = requirements_for(REF, "940350", "furniture", "EU", None, dt.date(2027, 1, 4))
    assert not next(a for a in after if a.requirement.code == "EU_EUDR_DUE_DILIGENCE").upcoming


def test_held_certifications_meet_requirements_by_name_or_code():
    items = requirements_for(REF, "950699", "playground", "US", None, ON)
    held = ["astm-f963", "US_CPSIA_TRACKING_LABEL"]
    statuses = {s.applicable.requirement.code: s for s in status_against(items, held)}
    assert statuses["US_ASTM_F963"].met_by == "astm-f963"
    assert statuses["US_CPSIA_TRACKING_LABEL"].met
    assert not statuses["US_CPSIA_CPC"].met
    missing = {s.applicable.requirement.code for s in gaps(list(statuses.values()))}
    assert "US_CPSIA_CPC" in missing and "US_ASTM_F963" not in missing
    assert "US_ASTM_F1148_HOME_PLAYGROUND" not in missing  # voluntary


def test_edits_change_a_copy():
    edited = with_edits(REF, {"US_PROP65": {"mandatory": "false", "cost_usd": "100-200"}, "NOPE": {"mandatory": "x"}})
    prop65 = edited.requirement("US_PROP65")
    assert (prop65.mandatory, prop65.cost_usd, prop65.edited) == (False, (100, 200), ("cost_usd", "mandatory"))
    assert REF.requirement("US_PROP65").mandatory
    off = with_edits(REF, {"US_PROP65": {"active": "false"}})
    assert "US_PROP65" not in [a.requirement.code for a in requirements_for(off, "950699", None, "US", None, ON)]
    with pytest.raises(ValueError):
        parse_edit_value("cost_usd", "900-100")
    with pytest.raises(ValueError):
        parse_edit_value("name_en", "x")


def test_every_entry_is_complete_and_sourced():
    data = json.loads((resources.files("chuhai.compliance") / "reference" / "requirements.json").read_text("utf-8"))
    assert data["version"] and data["as_of"]
    seen = set()
    for entry in data["requirements"]:
        assert entry["code"] not in seen
        seen.add(entry["code"])
        assert entry["kind"] in KINDS
        assert entry["market"] in data["markets"] or entry["market"] in ("*", "RU")
        for name in ("name_en", "name_zh", "authority", "legal_basis", "action_en", "action_zh", "source", "as_of"):
            assert entry[name].strip(), (entry["code"], name)
        dt.date.fromisoformat(entry["as_of"])
        assert set(entry["classes"]) <= set(data["classes"])
        if entry["cost_usd"] or entry["lead_time_days"]:
            assert entry["verify"], entry["code"]  # figures are estimates
    covered = {e["market"] for e in data["requirements"]}
    assert {"US", "EU", "GB", "JP", "KR", "AU", "CA", "EAEU", "ID", "BR", "SA", "AE"} <= covered


def test_labels_documents_and_restrictions_are_tasks_not_gaps_of_what_is_on_file():
    statuses = status_against(requirements_for(REF, "070320", "agri_produce", "US", None, ON), [])
    gap_codes = {s.applicable.requirement.code for s in gaps(statuses)}
    task_codes = {s.applicable.requirement.code for s in tasks(statuses)}
    assert gap_codes == {"US_FDA_FOOD_FACILITY_REGISTRATION"}
    assert {"US_FDA_PRIOR_NOTICE", "US_FDA_FOOD_LABELLING", "US_AD_GARLIC_CN", "US_UFLPA"} <= task_codes
    assert not gap_codes & task_codes
