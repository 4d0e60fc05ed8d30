"""The sign-in service's web endpoints: discovery, JWKS, the sign-in form (authorization endpoint) and the token
endpoint. Passwords are checked against the store's argon2 hashes; every sign-in and refusal goes to the access log.
No session is kept here: each authorization request asks for the password again, so signing out of the dashboard
is enough (no end-session endpoint is needed)."""

import html
import threading
import time
from collections import defaultdict, deque

from authlib.oauth2 import OAuth2Error
from starlette.applications import Starlette
from starlette.requests import Request as StarletteRequest
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from provider import settings
from provider.server import Request, Server
from store import access_log, accounts

SERVER = Server()
MAX_FAILURES = 5  # per sign-in name within FAILURE_WINDOW_SECONDS, then refused until the window has passed
FAILURE_WINDOW_SECONDS = 600
_failures: dict[str, deque] = defaultdict(deque)
_failures_lock = threading.Lock()
SECURITY_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
                    # no form-action: Chromium applies it to the redirect back to the dashboard after the form
                    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"}

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>登录 · 武汉市就业帮扶看板</title>
<style>body{{font-family:sans-serif;background:#f5f5f5;display:flex;justify-content:center;padding-top:10vh}}
form,div.box{{background:#fff;padding:2em;border-radius:8px;box-shadow:0 1px 4px #0002;width:20em}}
label{{display:block;margin-top:1em}}input{{width:100%;padding:.5em;box-sizing:border-box}}
button{{margin-top:1.5em;width:100%;padding:.6em;background:#c0392b;color:#fff;border:0;border-radius:4px}}
p.error{{color:#c0392b}}</style></head>
<body>{body}</body></html>"""
FORM = """<form method="post" autocomplete="off"><h2>武汉市就业帮扶看板</h2><p>请使用本系统账号登录</p>{error}
<label for="username">账号</label><input id="username" name="username" value="{username}" required autofocus>
<label for="password">密码</label><input id="password" name="password" type="password" required>
<button type="submit">登录</button></form>"""


def _page(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(body=body), status_code=status, headers=SECURITY_HEADERS)


def _oauth_request(request: StarletteRequest, form: dict) -> Request:
    return Request(request.method, str(request.url), request.headers, dict(request.query_params), form)


def _reply(status: int, body, headers) -> Response:
    headers = dict(headers or [])
    if status == 302:
        return RedirectResponse(headers["Location"], status_code=302)
    return JSONResponse(body, status_code=status, headers={**headers, "Cache-Control": "no-store"})


def _too_many_failures(username: str) -> bool:
    now = time.time()
    with _failures_lock:
        seen = _failures[username]
        while seen and seen[0] < now - FAILURE_WINDOW_SECONDS:
            seen.popleft()
        return len(seen) >= MAX_FAILURES


def _failed(username: str) -> None:
    with _failures_lock:
        _failures[username].append(time.time())


async def discovery(request: StarletteRequest) -> Response:
    base = settings.issuer()
    return JSONResponse({
        "issuer": base,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "jwks_uri": f"{base}/jwks",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "profile", "email"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "preferred_username", "name", "iss", "aud", "exp", "iat", "auth_time", "nonce"],
    })


async def jwks(request: StarletteRequest) -> Response:
    return JSONResponse({"keys": [settings.signing_key().as_dict(private=False)]})


async def authorize(request: StarletteRequest) -> Response:
    form = dict(await request.form()) if request.method == "POST" else {}
    try:
        grant = SERVER.get_consent_grant(_oauth_request(request, {}))
    except OAuth2Error as error:
        return _page(f'<div class="box"><h2>无法登录</h2><p class="error">{html.escape(error.error)}：'
                     f'{html.escape(error.description or "")}</p></div>', status=400)
    if request.method == "GET":
        return _page(FORM.format(error="", username=""))
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))
    user = None if _too_many_failures(username) else accounts.verify(username, password)
    if user is None:
        _failed(username)
        access_log.record(username or None, "provider_refused", outcome="账号或密码不正确、账号已停用或尝试过多")
        error = '<p class="error">账号或密码不正确，或账号已停用。多次失败后需等待 10 分钟。</p>'
        return _page(FORM.format(error=error, username=html.escape(username)), status=401)
    access_log.record(user.username, "provider_sign_in", outcome="ok")
    return _reply(*SERVER.create_authorization_response(grant.request, grant_user=user, grant=grant))


async def token(request: StarletteRequest) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    return _reply(*SERVER.create_token_response(_oauth_request(request, form)))


def app() -> Starlette:
    """The service as an ASGI app."""
    return Starlette(routes=[
        Route("/.well-known/openid-configuration", discovery),
        Route("/jwks", jwks),
        Route("/authorize", authorize, methods=["GET", "POST"]),
        Route("/token", token, methods=["POST"]),
    ])
