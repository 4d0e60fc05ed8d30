"""Authlib's authorization server with the authorization code grant, OpenID Connect's ID token and PKCE (S256),
wired to the store's accounts. Codes live in memory for five minutes and are used once; nothing here writes or
checks a token by hand: Authlib generates codes and access tokens and signs ID tokens (joserfc, RS256)."""

import hmac
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, grants
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin

from provider import settings
from store import accounts

CODE_LIFETIME_SECONDS = 300
ID_TOKEN_LIFETIME_SECONDS = 600


class Request(OAuth2Request):
    """An OAuth2Request from what a Starlette handler has read: the query string and the (already awaited) form."""

    def __init__(self, method: str, uri: str, headers, query: dict, form: dict):
        super().__init__(method, uri, headers=headers)
        self._args, self._form = query, form
        self.payload = BasicOAuth2Payload(query | form)

    @property
    def args(self):
        return self._args

    @property
    def form(self):
        return self._form


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uri: str

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        allowed = {"openid", "profile", "email"}
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret):
        return bool(client_secret) and hmac.compare_digest(client_secret.encode(), self.client_secret.encode())

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    username: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def is_expired(self) -> bool:
        return time.time() > self.auth_time + CODE_LIFETIME_SECONDS


class CodeStore:
    """Authorization codes in memory (one process serves the sign-in), each used once, expired after 5 minutes."""

    def __init__(self):
        self._codes: dict[str, Code] = {}
        self._nonces: dict[str, set] = defaultdict(set)
        self._lock = threading.Lock()

    def save(self, code: Code) -> None:
        with self._lock:
            self._codes = {k: v for k, v in self._codes.items() if not v.is_expired()}
            self._codes[code.code] = code
            if code.nonce:
                self._nonces[code.client_id].add(code.nonce)

    def take(self, code: str, client_id: str) -> Code | None:
        with self._lock:
            found = self._codes.get(code)
        if found and found.client_id == client_id and not found.is_expired():
            return found
        return None

    def delete(self, code: Code) -> None:
        with self._lock:
            self._codes.pop(code.code, None)

    def nonce_used(self, client_id: str, nonce: str) -> bool:
        with self._lock:
            return nonce in self._nonces[client_id]


CODES = CodeStore()


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, request):
        CODES.save(Code(code=code, client_id=request.client.get_client_id(), redirect_uri=request.payload.redirect_uri,
                        scope=request.payload.scope, username=request.user.username,
                        nonce=request.payload.data.get("nonce"),
                        code_challenge=request.payload.data.get("code_challenge"),
                        code_challenge_method=request.payload.data.get("code_challenge_method")))

    def query_authorization_code(self, code, client):
        return CODES.take(code, client.get_client_id())

    def delete_authorization_code(self, authorization_code):
        CODES.delete(authorization_code)

    def authenticate_user(self, authorization_code):
        user = accounts.get(authorization_code.username)
        return user if user and user.is_active else None


class IDToken(OpenIDCode):
    DEFAULT_EXPIRES_IN = ID_TOKEN_LIFETIME_SECONDS

    def resolve_client_private_key(self, client):
        return settings.signing_key()

    def get_client_algorithm(self, client):
        return "RS256"

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": settings.signing_key().kid}

    def get_client_claims(self, client):
        return {"iss": settings.issuer(), "aud": [client.get_client_id()]}

    def exists_nonce(self, nonce, request):
        return CODES.nonce_used(request.payload.client_id, nonce)

    def generate_user_info(self, user, scope):
        # Identity only: role and scope are read by the dashboard from its own table on every page.
        return UserInfo(sub=user.username, preferred_username=user.username, name=user.display_name)


class PKCE(CodeChallenge):
    """PKCE on every authorization request, S256 only: Authlib alone would let a confidential client skip it, and
    takes a request that names no method as "plain" (RFC 7636's default), where the challenge is the verifier."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE is required: code_challenge with code_challenge_method=S256")
        super().validate_code_challenge(grant, redirect_uri)


class Server(AuthorizationServer):
    def __init__(self):
        super().__init__(scopes_supported=["openid", "profile", "email"])
        self.register_token_generator("default", BearerTokenGenerator(lambda *a, **k: generate_token(42)))
        self.register_grant(CodeGrant, [IDToken(require_nonce=False), PKCE(required=True)])

    def query_client(self, client_id):
        registered = settings.client()
        if client_id != registered.client_id:
            return None
        return Client(registered.client_id, registered.client_secret, registered.redirect_uri)

    def save_token(self, token, request):
        pass  # the dashboard reads identity from the ID token; no resource here accepts the access token

    def create_oauth2_request(self, request):
        return request

    def create_json_request(self, request):
        return request

    def handle_response(self, status, body, headers):
        return status, body, headers

    def send_signal(self, name, *args, **kwargs):
        pass
