"""`python -m provider`: write the dashboard's secrets and the service's key on first run, then serve the sign-in
service on localhost (SIGNIN_PORT, default 8502) until stopped; `--prepare` only writes them.

A failed sign-in is counted against the client's address: the TCP peer's, unless SIGNIN_TRUSTED_PROXIES names the
proxy in front (comma-separated addresses); only then is its X-Forwarded-For believed. uvicorn would otherwise
believe it from 127.0.0.1, and anyone reaching the service on this host could name a new address per attempt."""

import os
import sys

import uvicorn

from provider import settings
from provider.app import app

if __name__ == "__main__":
    if settings.write_app_secrets():
        print(f"已生成 {settings.SECRETS_FILE}（登录配置，勿提交）", flush=True)
    settings.signing_key()
    if "--prepare" in sys.argv[1:]:
        sys.exit(0)
    trusted = os.environ.get("SIGNIN_TRUSTED_PROXIES", "").strip()
    uvicorn.run(app(), host="127.0.0.1", port=int(os.environ.get("SIGNIN_PORT", "8502")), log_level="warning",
                proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None)
