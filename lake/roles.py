"""The account roles, once: each role's code, what part of the city its accounts see, and whether it administers
the app. It sits on the lowest floor so that the store (accounts, 推选 records), the router and sign-in (ui) and the
推选 rules (assess) read the same table; a role's Chinese name is a display word, in `ui.labels.ROLE_NAMES`.
Adding a role: one entry here, its name in `ui.labels.ROLE_NAMES`, and the pages it is offered in
`ui.navigation.PAGES` (docs/architecture.md, "how to add")."""

from dataclasses import dataclass

CITY, DISTRICT, TOWN, ADMIN = "city", "district", "town", "admin"
# What an account of a role sees: the whole city, its district and the district's towns, or its town.
WHOLE_CITY, OWN_DISTRICT, OWN_TOWN = "city", "district", "town"


@dataclass(frozen=True)
class Role:
    code: str
    scope: str  # WHOLE_CITY, OWN_DISTRICT or OWN_TOWN
    administers: bool = False  # imports data, manages accounts, reads the access log; offered every page

    @property
    def needs_district(self) -> bool:
        return self.scope in (OWN_DISTRICT, OWN_TOWN)

    @property
    def needs_town(self) -> bool:
        return self.scope == OWN_TOWN


ROLES = {r.code: r for r in (Role(CITY, WHOLE_CITY), Role(DISTRICT, OWN_DISTRICT), Role(TOWN, OWN_TOWN),
                             Role(ADMIN, WHOLE_CITY, administers=True))}
CODES = tuple(ROLES)
# The roles offered the pages that answer at district grain: a town clerk sees only their town's scorecard
# (the gate refuses district-grain questions to a town account).
DISTRICT_GRAIN = tuple(r.code for r in ROLES.values() if r.scope != OWN_TOWN)


def sees_whole_city(role: str) -> bool:
    return ROLES[role].scope == WHOLE_CITY


def administers(role: str) -> bool:
    return ROLES[role].administers
