"""Fresh servers for the browser tests: the bundled sign-in service and a dashboard configured for it, each on a
free port of this machine, and signing in through the service's form with Playwright."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright downloads no browser of its own
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, what: str, log: Path, answer: bytes | None = None) -> None:
    """Until `url` answers (with `answer`, if given); fails naming `what` with its log's tail if it never does."""
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            body = urllib.request.urlopen(url, timeout=2).read()
        except OSError:
            time.sleep(0.3)
            continue
        if answer is None or body == answer:
            return
        raise RuntimeError(f"{what} answered {url} with {body[:200]!r}, not {answer!r}")
    proc.kill()
    raise RuntimeError(f"{what} did not start: {log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _environment(lake: Path | None, var_dir: Path, extra_env: dict | None, app_port: int, signin_port: int,
                 secrets_file: Path) -> dict:
    env = {**os.environ, "DASHBOARD_VAR_DIR": str(var_dir), "PORT": str(app_port), "SIGNIN_PORT": str(signin_port),
           "SIGNIN_ISSUER": f"http://localhost:{signin_port}", "DASHBOARD_SECRETS_FILE": str(secrets_file),
           **({"LAKE_DIR": str(lake)} if lake else {}), **(extra_env or {})}
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'app.db'}")
    return env


@contextmanager
def _signin_process(env: dict, var_dir: Path, instance: str = ""):
    # Output goes to files in var_dir (a pipe nobody reads would block a chatty server).
    log = var_dir / f"provider{instance}.log"
    provider = subprocess.Popen([sys.executable, "-m", "provider"], cwd=PROJECT, env=env,
                                stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        _wait(f"http://127.0.0.1:{env['SIGNIN_PORT']}/.well-known/openid-configuration", provider,
              "the sign-in service", log)
        yield f"http://127.0.0.1:{env['SIGNIN_PORT']}"
    finally:
        _stop(provider)


@contextmanager
def signin_service(var_dir: Path, extra_env: dict | None = None):
    """The bundled sign-in service alone on a free port, registered for a dashboard at `app_port` (no dashboard
    runs there); yields (its base URL on 127.0.0.1, the dashboard's redirect URI, the environment it runs in)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    app_port = free_port()
    env = _environment(None, var_dir, extra_env, app_port, free_port(), var_dir / "secrets.toml")
    with _signin_process(env, var_dir) as base:
        yield base, f"http://localhost:{app_port}/oauth2callback", env


@contextmanager
def dashboard(lake: Path, var_dir: Path, extra_env: dict | None = None, instance: str = ""):
    """The sign-in service and the dashboard on `lake`, with the application database, keys and secrets in
    `var_dir` (DATABASE_URL from the environment if set, else var_dir/app.db); yields the dashboard's base URL
    (http://localhost:PORT, the host its redirect URI names).

    `instance` names a second (third…) pair on the same `var_dir`: its own ports, secrets file and logs, the same
    database, signing key and client registration — several app processes on one lake and one database, as behind
    a reverse proxy (docs/deploy.md); each has its own sign-in service here only because the bundled service
    registers one redirect URI, and without the proxy each process has its own port."""
    var_dir.mkdir(parents=True, exist_ok=True)
    app_port, signin_port = free_port(), free_port()
    secrets_file = var_dir / f"secrets{instance}.toml"
    env = _environment(lake, var_dir, extra_env, app_port, signin_port, secrets_file)
    app_log = var_dir / f"streamlit{instance}.log"
    with _signin_process(env, var_dir, instance):
        app = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(app_port),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--secrets.files", str(secrets_file)],
            cwd=PROJECT, env=env, stdout=app_log.open("wb"), stderr=subprocess.STDOUT)
        try:
            # the health check a reverse proxy asks (docs/deploy.md) answers "ok" before any test begins
            _wait(f"http://127.0.0.1:{app_port}/_stcore/health", app, "streamlit", app_log, answer=b"ok")
            yield f"http://localhost:{app_port}"
        finally:
            _stop(app)


def sign_in(page, base: str, username: str, password: str, path: str = "") -> None:
    """Open `base/path`, press 登录, fill the sign-in service's form and wait until the dashboard has drawn."""
    page.goto(f"{base}/{path}", wait_until="domcontentloaded")
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("input[name=username]", timeout=90_000)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/**", timeout=90_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
