"""CI stage: Schemathesis against the live /api/v1/ schema, signed in as a demo tenant.

A throw-away SQLite database with the demo data, gunicorn on a loopback port, a device token of
claire.martin@example.org, then `schemathesis run` with a bounded number of examples per operation:
it fails on any server error or any answer that breaks the schema. The calls that would end the
run's own session (logout, disconnecting devices) are left out; the tests cover them.

    .venv/bin/python bin/api_schemathesis.py

Environment: API_FUZZ_EXAMPLES (8), API_FUZZ_PHASES (examples,coverage,fuzzing), API_FUZZ_SEED,
API_FUZZ_PORT (a free port).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEMO_EMAIL = "claire.martin@example.org"
DEMO_PASSWORD = "Portail-Demo-2026!"
EXCLUDED_PATHS = ["/api/v1/auth/logout"]
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


START = time.monotonic()


def elapsed() -> str:
    return f"[{time.monotonic() - START:5.0f} s]"


def run(args, env, **kwargs):
    print(elapsed(), "+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def wait_until_up(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:  # refused, reset or timed out while gunicorn's workers start
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def sign_in(base: str) -> str:
    body = json.dumps({"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "device_name": "schemathesis"}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access_token"]


def main() -> int:
    port = int(os.environ.get("API_FUZZ_PORT") or free_port())
    examples = os.environ.get("API_FUZZ_EXAMPLES", "8")
    with tempfile.TemporaryDirectory(prefix="portail-api-fuzz-") as tmp:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DEBUG="0",
            SECRET_KEY="api-fuzz-only-" + "x" * 50,
            FIELD_ENCRYPTION_KEY="dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5LTE=",
            ALLOWED_HOSTS="127.0.0.1",
            PAYMENT_BACKEND="demo",
            VAR_DIR=tmp,
            # The run is one device calling fast: the limits are tested elsewhere.
            API_RATE_PER_TOKEN="100000/min",
            API_RATE_PER_ADDRESS="100000/min",
            API_RATE_SIGN_IN_PER_ADDRESS="100000/min",
        )
        python = str(VENV_BIN / "python")
        run([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        run([python, "manage.py", "createcachetable"], env)
        run([python, "manage.py", "load_demo"], env, stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "config.wsgi"],
            env=env,
            cwd=ROOT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/api/v1/openapi.json")
            token = sign_in(base)
            command = [
                str(VENV_BIN / "schemathesis"),
                "run",
                f"{base}/api/v1/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                examples,
                "--workers",
                "2",
                "--phases",
                os.environ.get("API_FUZZ_PHASES", "examples,coverage,fuzzing"),
                "--seed",
                os.environ.get("API_FUZZ_SEED", "20261130"),
                "--request-timeout",
                "30",
                "--suppress-health-check",
                "too_slow,filter_too_much",
            ]
            for path in EXCLUDED_PATHS:
                command += ["--exclude-path", path]
            command += ["--exclude-method", "DELETE"]  # disconnecting devices, this run's own included
            print(elapsed(), "+ schemathesis run", base + "/api/v1/openapi.json", flush=True)
            code = subprocess.run(command, env=env, cwd=tmp).returncode
            print(elapsed(), "schemathesis exit code", code, flush=True)
            return code
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
