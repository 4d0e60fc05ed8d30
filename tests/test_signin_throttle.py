"""The bundled sign-in service under attack (issue 36), with real clients on distinct loopback addresses: a flood
from one client never keeps the real person out, refusals are summed per client in the access log, password checks
never stall discovery, keys or tokens, PKCE is S256 only and the form carries a CSRF token.
(docs/security.md lists each protection.)"""

import json
import secrets
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from store import access_log, throttle
from store.accounts import DEMO_PASSWORD
from store.db import engine
from store.schema import sign_in_throttle
from testkit.servers import signin_service
from testkit.signin_client import SignInClient

BUCKET_SECONDS = 4


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    var = tmp_path_factory.mktemp("signin")
    with signin_service(var, {"SIGNIN_LOG_BUCKET_SECONDS": str(BUCKET_SECONDS)}) as (base, redirect_uri, _env):
        yield base, redirect_uri, var


@pytest.fixture(autouse=True)
def no_failures_yet():
    with engine().begin() as conn:
        conn.execute(sign_in_throttle.delete())


def _client(service, source: str, **query) -> SignInClient:
    base, redirect_uri, _ = service
    return SignInClient(base, redirect_uri, source, **query)


def _refused_rows(client: str, since: float):
    rows = access_log.read(access_log.LogFilter(actions=("provider_refused",)))
    # masks as bool even over no rows (an empty object Series would select columns, not rows)
    rows = rows[rows["parameters"].map(lambda p: json.loads(p)["client"] == client if p else False).astype(bool)]
    return rows[rows["logged_at"].map(lambda t: t.timestamp() if t.tzinfo else t.timestamp() - time.timezone)
                .astype(float) >= since - 1]


def test_a_flood_from_one_client_never_keeps_the_person_out_and_is_logged_per_client_and_bucket(service):
    started = time.time()
    attacker, person = _client(service, "127.0.0.2"), _client(service, "127.0.0.3")
    csrf = attacker.open_form()
    answers, done = [], threading.Event()

    def flood():
        for i in range(200):  # each with a made-up forwarded address: the service believes no proxy here
            answers.append(attacker.post("xinzhou", f"guess-{i}", csrf,
                                         headers={"X-Forwarded-For": f"10.9.{i % 250}.{i % 200}"}).status_code)
        done.set()

    flooding = threading.Thread(target=flood)
    flooding.start()
    while len(answers) < 20 and not done.is_set():  # the flood is under way, the account is under attack ...
        time.sleep(0.05)
    signed_in = person.post("xinzhou", DEMO_PASSWORD)  # ... and the officer signs in from her own machine
    flooding.join(timeout=300)
    assert person.code(signed_in), signed_in.text
    assert len(answers) == 200
    checked = answers.count(401)
    assert answers.count(429) == 200 - checked and checked <= 8  # almost all refused without a password check
    assert person.code(person.post("xinzhou", DEMO_PASSWORD))  # and again afterwards
    mine = {t.subject: t for t in throttle.throttled() if t.kind == "client"}
    assert set(mine) == {"127.0.0.2"}  # counted against the real peer, not the forwarded addresses

    deadline = time.time() + 4 * BUCKET_SECONDS + 30
    while time.time() < deadline:
        rows = _refused_rows("127.0.0.2", started)
        if sum(json.loads(p)["attempts"] for p in rows["parameters"]) >= 200:
            break
        time.sleep(1)
    assert sum(json.loads(p)["attempts"] for p in rows["parameters"]) == 200
    buckets = {json.loads(p)["from"] for p in rows["parameters"]}
    assert len(rows) == len(buckets) <= (time.time() - started) / BUCKET_SECONDS + 1  # one row per bucket
    assert "xinzhou" in rows["username"].tolist() and rows["outcome"].str.contains("尝试过多").any()


def test_a_parallel_flood_from_one_client_holds_two_places_in_the_queue_and_the_person_signs_in(service):
    """The outsider's rerun: 200 wrong passwords sent 24 at a time from one client filled the whole queue of
    password checks, so the officer signing in from her own machine meanwhile got 「稍后再试」 (503)."""
    attacker, person = _client(service, "127.0.0.2"), _client(service, "127.0.0.3")
    csrf = attacker.open_form()
    answers = []
    with ThreadPoolExecutor(max_workers=24) as pool:
        flooding = [pool.submit(lambda i=i: attacker.post("xinzhou", f"guess-{i}", csrf).status_code)
                    for i in range(200)]
        while sum(f.done() for f in flooding) < 20:  # the flood is under way ...
            time.sleep(0.02)
        signed_in = person.post("xinzhou", DEMO_PASSWORD)  # ... and the officer signs in from her own machine
        answers = [f.result() for f in flooding]
    assert person.code(signed_in), (signed_in.status_code, signed_in.text[-300:])
    assert set(answers) <= {401, 429} and answers.count(401) <= 8  # never 「稍后再试」 for others: no 503


def test_made_up_names_from_one_client_cost_three_password_checks(service):
    client = _client(service, "127.0.0.4")
    csrf = client.open_form()
    codes = [client.post(f"nobody{i}", "x", csrf).status_code for i in range(20)]
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429] * 17
    # a made-up name is no account: nothing to show the administrator under that name
    assert {t.subject for t in throttle.throttled() if t.kind == "account"} == set()


def test_the_accounts_wait_applies_to_failing_clients_only_and_the_admin_clears_it(service):
    for n in range(6):  # six clients, one wrong password each: the account is past its five free failures
        throttle.failed(f"127.0.1.{n}", "huangpi")
    shown = {(t.kind, t.subject): t for t in throttle.throttled()}
    assert shown[("account", "huangpi")].failures == 6
    failing = _client(service, "127.0.1.0")
    answer = failing.post("huangpi", DEMO_PASSWORD)
    assert answer.status_code == 429 and "秒后再试" in answer.text  # a client that failed waits for the account
    fresh = _client(service, "127.0.0.5")
    assert fresh.code(fresh.post("huangpi", DEMO_PASSWORD))  # a clean client is never refused for others
    assert throttle.clear("account", "huangpi")
    assert failing.code(failing.post("huangpi", DEMO_PASSWORD))


def test_back_off_doubles_and_is_capped():
    waits = [throttle.wait_seconds(n, "client") for n in range(1, 16)]
    assert waits[:3] == [0, 0, 1] and waits[3:6] == [2, 4, 8] and max(waits) == throttle.CAP_SECONDS


def test_the_form_carries_a_csrf_token_and_a_post_without_it_signs_nobody_in(service):
    client, other = _client(service, "127.0.0.6"), _client(service, "127.0.0.7")
    for csrf in ("", other.open_form(), "forged"):  # none, another browser's, made up
        answer = client.post("leader", DEMO_PASSWORD, csrf)
        assert answer.status_code == 400 and "登录页已过期" in answer.text and not client.code(answer)
    assert client.code(client.post("leader", DEMO_PASSWORD))


@pytest.mark.parametrize("query", [{"code_challenge_method": None}, {"code_challenge_method": "plain"},
                                   {"code_challenge": None, "code_challenge_method": None}])
def test_pkce_is_s256_only(service, query):
    client = _client(service, "127.0.0.8")
    client.query = {k: v for k, v in {**client.query, **query}.items() if v is not None}
    answer = client.http.get("/authorize", params=client.query)
    assert answer.status_code == 400 and "S256" in answer.text


def test_a_code_with_the_wrong_verifier_gets_no_token(service):
    client = _client(service, "127.0.0.9")
    code = client.code(client.post("leader", DEMO_PASSWORD))
    assert client.exchange(code, service[2], verifier="w" * 50).status_code == 400
    good = client.code(client.post("leader", DEMO_PASSWORD))
    assert "id_token" in client.exchange(good, service[2]).json()


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[-1]


def test_discovery_keys_and_tokens_answer_quickly_while_20_sign_ins_fail(service):
    base, redirect_uri, var = service
    probe = _client(service, "127.0.0.1")
    attackers = [_client(service, f"127.0.2.{n}") for n in range(20)]
    forms = [a.open_form() for a in attackers]
    timings: dict[str, list[float]] = {"discovery": [], "jwks": [], "token": []}
    registered = json.loads((var / "oidc" / "client.json").read_text(encoding="utf-8"))
    calls = {
        "discovery": lambda: probe.http.get("/.well-known/openid-configuration"),
        "jwks": lambda: probe.http.get("/jwks"),
        "token": lambda: probe.http.post("/token", auth=(registered["client_id"], registered["client_secret"]),
                                         data={"grant_type": "authorization_code", "code": secrets.token_urlsafe(20),
                                               "redirect_uri": redirect_uri, "code_verifier": "v" * 50}),
    }
    for call in calls.values():
        call()  # warm: the first request of each kind pays for imports and connections

    def fail_three_times(attacker, csrf):  # made-up names: each of the three is checked (no account to wait for)
        return [attacker.post(f"made-up-{id(attacker)}", f"wrong-{n}", csrf).status_code for n in range(3)]

    with ThreadPoolExecutor(max_workers=20) as pool:
        failing = [pool.submit(fail_three_times, a, csrf) for a, csrf in zip(attackers, forms, strict=True)]
        while not all(f.done() for f in failing) and len(timings["token"]) < 300:
            for name, call in calls.items():
                started = time.perf_counter()
                assert call().status_code in (200, 400)
                timings[name].append(time.perf_counter() - started)
        answers = [code for f in failing for code in f.result()]
    assert set(answers) <= {401, 503} and answers.count(401) >= 20
    assert all(len(t) >= 20 for t in timings.values()), {k: len(v) for k, v in timings.items()}
    p95 = {name: _p95(t) for name, t in timings.items()}
    print("p95 while 20 sign-ins fail:", {k: f"{v * 1000:.1f} ms" for k, v in p95.items()},
          "samples:", {k: len(v) for k, v in timings.items()}, "checked:", answers.count(401))
    assert max(p95.values()) <= 0.050, p95


def test_beyond_the_queue_the_answer_is_try_later(tmp_path):
    with signin_service(tmp_path, {"SIGNIN_QUEUE_LIMIT": "1"}) as (base, redirect_uri, _):
        clients = [SignInClient(base, redirect_uri, f"127.0.3.{n}") for n in range(6)]
        forms = [c.open_form() for c in clients]
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda c: c[0].post("leader", "wrong", c[1]), zip(clients, forms, strict=True)))
    busy = [a for a in answers if a.status_code == 503]
    assert busy and all("稍后再试" in a.text for a in busy)
    assert {a.status_code for a in answers} <= {401, 503}


def test_refusals_are_written_once_their_bucket_is_over(monkeypatch):
    from provider.guard import Refusals

    refusals = Refusals(bucket_seconds=3600)
    for _ in range(50):
        refusals.count("127.0.9.9", "leader", "尝试过多")
    assert refusals.flush() == 0  # this hour is not over
    assert refusals.flush(everything=True) == 1
    row = access_log.read(access_log.LogFilter(actions=("provider_refused",), limit=1))
    assert json.loads(row["parameters"].iloc[0])["attempts"] == 50


def test_ipv6_clients_are_counted_per_64_and_ipv4_mapped_as_ipv4():
    from provider.guard import client_key

    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_key("::ffff:127.0.0.2") == "127.0.0.2"


