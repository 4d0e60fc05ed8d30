"""A sample value for every parameter name a named question declares, so that every question can be asked."""

from lake import policy, reference

SAMPLE_PARAMS = {
    "month": "2026-10",
    "months": ["2026-10", "2026-09"],
    "districts": [d["district_code"] for d in reference.districts()],
    "district": "420116",
    "year": 2026,
    "brand": "黄陂木兰家政工",
    "brands": ["洪山菜薹种植师", "蔡甸莲藕工", "江夏光明茶匠", "黄陂木兰家政工", "新洲建筑工"],
    "town": "420116001",
    "baseline": "last_december",
    "flagged_claim_ids": ["202603-0000001"],
}
# The subsidy rules' amounts and limits are parameters named by their policy.toml keys.
SAMPLE_PARAMS |= policy.values(2026)


def sample(params: dict) -> dict:
    """Sample values for a question's declared parameters (name -> type); a new name needs a sample above."""
    unknown = set(params) - set(SAMPLE_PARAMS)
    if unknown:
        raise KeyError(f"no sample value for parameters {sorted(unknown)}: add them to testkit/samples.py")
    return {name: SAMPLE_PARAMS[name] for name in params}
