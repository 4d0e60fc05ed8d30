"""The sign-in service's web endpoints: discovery, JWKS, the sign-in form (authorization endpoint) and the token
endpoint. Passwords are checked against the store's argon2 hashes in a worker pool (provider/guard.py), never on the
event loop; failures slow down their client and the account they aim at (store/throttle.py); every sign-in goes to
the access log, refusals summed per client and minute.
No session is kept here: each authorization request asks for the password again, so signing out of the dashboard
is enough (no end-session endpoint is needed); the dashboard's own session table ends sessions (store/sessions.py)."""

import asyncio
import contextlib
import hmac
import html
import math
import secrets

from authlib.oauth2 import OAuth2Error
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request as StarletteRequest
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from provider import guard, settings
from provider.server import Request, Server
from store import access_log, accounts, throttle

SERVER = Server()
REFUSALS = guard.Refusals()
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
<input type="hidden" name="csrf_token" value="{csrf}">
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


def _form(request: StarletteRequest, error: str = "", username: str = "", status: int = 200) -> HTMLResponse:
    """The sign-in form, carrying the CSRF token of this browser's form session (Starlette's signed session
    cookie): a form posted from another site has no way to know it, so it cannot sign a visitor in as someone else
    (login CSRF)."""
    csrf = request.session.setdefault("csrf_token", secrets.token_urlsafe(32))
    return _page(FORM.format(error=error, username=html.escape(username), csrf=csrf), status=status)


def _error(text: str) -> str:
    return f'<p class="error">{html.escape(text)}</p>'


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
        return _form(request)
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))
    client = guard.client_key(request.client.host if request.client else None)
    expected = request.session.get("csrf_token")
    if not expected or not hmac.compare_digest(str(form.get("csrf_token", "")), expected):
        REFUSALS.count(client, username, "表单无效")
        return _form(request, _error("登录页已过期，请重新输入账号和密码。"), username, status=400)
    wait = await run_in_threadpool(throttle.refusal, client, username)
    if wait:
        REFUSALS.count(client, username, "尝试过多")
        return _form(request, _error(f"尝试次数过多，请 {math.ceil(wait)} 秒后再试。"), username, status=429)
    try:
        user = await guard.off_the_loop(client, accounts.verify, username, password)
    except guard.ClientBusy:
        REFUSALS.count(client, username, "同时提交过多")
        return _form(request, _error("同一网络地址同时提交的登录过多，请稍等几秒再试。"), username, status=429)
    except guard.Busy:
        REFUSALS.count(client, username, "繁忙")
        return _form(request, _error("登录的人较多，请稍后再试。"), username, status=503)
    if user is None:
        known = await run_in_threadpool(accounts.get, username) if username else None
        await run_in_threadpool(throttle.failed, client, known.username if known else None)
        REFUSALS.count(client, username, "账号或密码不正确或账号已停用")
        return _form(request, _error("账号或密码不正确，或账号已停用。连续失败后需稍等片刻再试。"), username,
                     status=401)
    await run_in_threadpool(throttle.succeeded, client)
    await run_in_threadpool(access_log.record, user.username, "provider_sign_in", outcome="ok",
                            parameters={"client": client})
    request.session.pop("csrf_token", None)  # one form, one sign-in
    answer = await run_in_threadpool(SERVER.create_authorization_response, grant.request, grant_user=user, grant=grant)
    return _reply(*answer)


async def token(request: StarletteRequest) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    # On the loop: a few milliseconds (one account read, one RS256 signature), less than a hop to a worker thread
    # costs on a busy machine.
    return _reply(*SERVER.create_token_response(_oauth_request(request, form)))


@contextlib.asynccontextmanager
async def _lifespan(_app):
    flushing = asyncio.create_task(REFUSALS.flush_every(min(10.0, REFUSALS.bucket_seconds / 2)))
    try:
        yield
    finally:
        flushing.cancel()
        await asyncio.to_thread(REFUSALS.flush, True)


def app() -> Starlette:
    """The service as an ASGI app."""
    return Starlette(lifespan=_lifespan, middleware=[Middleware(
        SessionMiddleware, secret_key=settings.form_secret(), session_cookie="signin_form", max_age=1800,
        same_site="lax", https_only=settings.issuer().startswith("https://"))], routes=[
        Route("/.well-known/openid-configuration", discovery),
        Route("/jwks", jwks),
        Route("/authorize", authorize, methods=["GET", "POST"]),
        Route("/token", token, methods=["POST"]),
    ])
