"""Display words live in ui/: every code the store and the roles registry define has its Chinese words there."""

from lake import roles
from store import access_log
from ui.labels import LOG_ACTION_NAMES, ROLE_NAMES


def test_every_logged_action_and_every_role_has_its_words():
    assert set(LOG_ACTION_NAMES) == set(access_log.ACTIONS)
    assert set(ROLE_NAMES) == set(roles.CODES)
