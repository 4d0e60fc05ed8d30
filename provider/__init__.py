"""The bundled OpenID Connect sign-in service: local accounts of the application's database (store), so a fresh
clone signs in without any outside service. Built on Authlib's provider components (authorization code grant with
OpenID Connect and PKCE); served by Starlette and uvicorn. `make run` starts it beside the dashboard.
In production the bureau's own provider replaces it (docs/security.md)."""
