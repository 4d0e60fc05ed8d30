"""示范乡镇 indicator 6 (就业扶持政策落地落实): each town's subsidy claims of a year and the ones the rule audit flags.

The audit (queries.subsidy_audit) runs over the claims paid up to a month with the policy in force in that month's
year, so the chosen year is audited up to its as-of month and the year before up to its December, each by its own
year's rules (the two side by side); the flagged claims are then counted per town by `town_subsidy_claims`.
"""

from functools import partial

import pandas as pd

from queries import engine, subsidy_audit


def town_claims(year: int, as_of_month: str, districts) -> pd.DataFrame:
    """`town_subsidy_claims` for `year` and the year before: paid and flagged claims per town × year, kept like a
    derivation (a warm page does not audit again). A town clerk gets their own town's rows of the same audit the
    district and the city get (the audit reads the district's claims; the gate hands back only the town's rows:
    engine.remember_for_own_town), so indicator 6 has one answer for every role."""
    own = engine.current()
    if own.town is not None:
        districts = own.districts
    return engine.remember_for_own_town(_audited, year, as_of_month, tuple(districts))


def _audited(year: int, as_of_month: str, districts: tuple) -> pd.DataFrame:
    this_year, last_year = engine.side_by_side(partial(subsidy_audit.flagged_claims, as_of_month, districts),
                                               partial(subsidy_audit.flagged_claims, f"{year - 1}-12", districts))
    if isinstance(this_year, Exception):
        raise this_year
    if isinstance(last_year, KeyError):  # the policy file starts after that year: judged by this year's rules
        last_year = this_year[this_year["month"].str[:4] == str(year - 1)]
    elif isinstance(last_year, Exception):
        raise last_year
    flagged = set(this_year.loc[this_year["month"].str[:4] == str(year), "claim_id"]) | set(last_year["claim_id"])
    return engine.run("town_subsidy_claims", {"year": year, "month": as_of_month, "districts": list(districts),
                                              "flagged_claim_ids": sorted(flagged)})
