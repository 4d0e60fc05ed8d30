"""A client of the bundled sign-in service without a browser, from a chosen loopback address (127.0.0.2, 127.0.0.3
… all reach a service listening on 127.0.0.1), so tests can be several clients at once: open the form, post it,
exchange a code."""

import base64
import hashlib
import json
import re
import secrets
from pathlib import Path

import httpx

VERIFIER = "v" * 50  # PKCE verifier of every request here; its S256 challenge below
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()


class SignInClient:
    def __init__(self, base: str, redirect_uri: str, source: str = "127.0.0.1", **query):
        self.http = httpx.Client(base_url=base, transport=httpx.HTTPTransport(local_address=source), timeout=120)
        self.query = {"response_type": "code", "client_id": "dashboard", "redirect_uri": redirect_uri,
                      "scope": "openid profile", "state": secrets.token_urlsafe(8), "nonce": secrets.token_urlsafe(8),
                      "code_challenge": CHALLENGE, "code_challenge_method": "S256", **query}

    def open_form(self) -> str:
        """GET the sign-in form for a new request (a new nonce: the service takes each once); returns its CSRF
        token."""
        self.query["nonce"] = secrets.token_urlsafe(8)
        page = self.http.get("/authorize", params=self.query)
        page.raise_for_status()
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def post(self, username: str, password: str, csrf: str | None = None, headers: dict | None = None):
        """POST the form (with this client's CSRF token unless one is given); the service's answer."""
        data = {"username": username, "password": password, "csrf_token": csrf if csrf is not None
                else self.open_form()}
        return self.http.post("/authorize", params=self.query, data=data, headers=headers or {})

    def code(self, answer) -> str | None:
        """The authorization code a successful POST redirects with, else None."""
        if answer.status_code != 302:
            return None
        return httpx.URL(answer.headers["location"]).params.get("code")

    def exchange(self, code: str, var_dir: Path, verifier: str = VERIFIER):
        """The token endpoint's answer for `code`, authenticated as the dashboard (its registration in var_dir)."""
        registered = json.loads((var_dir / "oidc" / "client.json").read_text(encoding="utf-8"))
        return self.http.post("/token", auth=(registered["client_id"], registered["client_secret"]), data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": self.query["redirect_uri"],
            "code_verifier": verifier})

    def close(self) -> None:
        self.http.close()
