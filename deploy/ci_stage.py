"""The production stage of CI: the README's deploy sequence, then a real browser through nginx.

    .venv/bin/python deploy/ci_stage.py        (called by .ci/run after the two test runs)

It installs nginx with apt-get when missing, starts a local S3-compatible server (moto), uses
PostgreSQL (database portail_deploy_ci) and Redis (db 1), runs the deploy sequence under
production settings (DEBUG off), starts gunicorn (deploy/gunicorn.conf.py), two django-q2
clusters and nginx with TLS (deploy/nginx-site), then drives Chromium over https: public home,
login, Accueil, a notice download, a request with a photo shown back, a payment through the fake
Stripe server, the health URLs, a 404 page; then reloads gunicorn under load and counts failures.
Everything runs on 127.0.0.1, ports 8101-8191; every process it started is stopped by its pid.
Exit status 0 only when every check passed.
"""

import concurrent.futures
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import boto3
import requests
from cryptography.fernet import Fernet
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD, assert_accessible
from tests.portal.billing.fake_stripe import FakeStripe

PY = str(ROOT / ".venv" / "bin" / "python")
HTTPS_PORT, HTTP_PORT, GUNICORN_PORT, S3_PORT, STRIPE_PORT = 8143, 8180, 8101, 8190, 8191
BASE = f"https://localhost:{HTTPS_PORT}"
DATABASE = os.environ.get("DEPLOY_STAGE_DATABASE", "portail_deploy_ci")
REDIS_URL = os.environ.get("DEPLOY_STAGE_REDIS_URL", "redis://127.0.0.1:6379/1")
BUCKET = "portail-ci"
STAGE_LIMIT = 360  # seconds for the whole stage
STARTED = time.monotonic()
CHECKED: list[str] = []


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def ok(message: str) -> None:
    CHECKED.append(message)
    say(f"ok  {message}")


def time_left() -> float:
    left = STAGE_LIMIT - (time.monotonic() - STARTED)
    if left <= 0:
        raise TimeoutError(f"the stage took more than {STAGE_LIMIT}s")
    return left


class Processes:
    """What the stage started, stopped by pid (a gunicorn master by its pid file: a reload replaces it)."""

    def __init__(self, work: Path):
        self.work = work
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        for name, process in reversed(self.started):
            pid = process.pid
            if name == "gunicorn":
                pid = _pid_from(self.work / "gunicorn.pid") or pid
            _terminate(name, pid, process)
        nginx_pid = _pid_from(self.work / "nginx.pid")
        if nginx_pid:
            _terminate("nginx", nginx_pid, None, signal.SIGQUIT)


def _pid_from(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _terminate(name: str, pid: int, process, sig=signal.SIGTERM) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        if process is not None and process.pid == pid:
            if process.poll() is not None:
                break
        else:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
        time.sleep(0.2)
    else:
        say(f"{name} ({pid}) did not stop after 45 s: SIGKILL")
        os.kill(pid, signal.SIGKILL)
    if process is not None and process.pid != pid and process.poll() is None:
        process.wait(timeout=5)
    say(f"stopped {name} ({pid})")


def run(command: list[str], env: dict, *, timeout: float = 120) -> str:
    timeout = min(timeout, time_left())
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for(what: str, probe, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + min(timeout, time_left())
    while True:
        try:
            if probe():
                return
        except (OSError, requests.RequestException):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {timeout}s")
        time.sleep(0.2)


def ensure_nginx() -> str:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        say("nginx missing: apt-get install nginx-light")
        apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt, timeout=180)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], check=True, env=apt, timeout=180)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return nginx


def app_environment(work: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        CSRF_TRUSTED_ORIGINS=BASE,
        PORTAL_BASE_URL=BASE,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="portail-deploy-ci",
        EMAIL_DISABLED="1",
        VAR_DIR=str(work / "var"),
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "var" / "media"),
        PRIVATE_MEDIA_ROOT=str(work / "var" / "private"),
        PRIVATE_MEDIA_X_ACCEL_PREFIX="/prive/",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{S3_PORT}",
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="ci-access-key",
        AWS_SECRET_ACCESS_KEY="ci-secret-key",  # noqa: S106 - moto accepts any key
        STRIPE_SECRET_KEY="sk_test_ci_stage",  # noqa: S106 - the fake Stripe server's
        STRIPE_WEBHOOK_SECRET="whsec_ci_stage",  # noqa: S106
        STRIPE_API_BASE=f"http://127.0.0.1:{STRIPE_PORT}",
        PAYMENT_BACKEND="stripe",
        GUNICORN_BIND=f"127.0.0.1:{GUNICORN_PORT}",
        GUNICORN_WORKERS="3",
        GUNICORN_PIDFILE=str(work / "gunicorn.pid"),
        Q_WORKERS="1",
        LOG_LEVEL="INFO",
    )
    return env


def self_signed_certificate(work: Path) -> tuple[Path, Path]:
    cert, key = work / "tls.crt", work / "tls.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


def nginx_configuration(work: Path, env: dict, cert: Path, key: Path) -> Path:
    site_env = {
        **env,
        "PORTAIL_SERVER_NAME": "localhost",
        "PORTAIL_HTTPS_PORT": str(HTTPS_PORT),
        "PORTAIL_HTTP_PORT": str(HTTP_PORT),
        "PORTAIL_GUNICORN": f"127.0.0.1:{GUNICORN_PORT}",
        "PORTAIL_TLS_CERT": str(cert),
        "PORTAIL_TLS_KEY": str(key),
        "PORTAIL_LOG_DIR": str(work),
        "PORTAIL_PAGE_CACHE_DIR": str(work / "page-cache"),
    }
    (work / "portail.conf").write_text(run([str(ROOT / "deploy" / "nginx-site")], site_env, timeout=10))
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "nginx-tmp" / folder).mkdir(parents=True, exist_ok=True)
    temp = work / "nginx-tmp"
    main = work / "nginx.conf"
    main.write_text(
        f"""worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {work}/portail.conf;
}}
"""
    )
    return main


def deploy(env: dict, processes: Processes, work: Path, nginx: str, fake_stripe: FakeStripe) -> None:
    say(f"local S3-compatible server (moto) on 127.0.0.1:{S3_PORT}")
    processes.start("moto", [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)], env)
    wait_for("moto", lambda: requests.get(f"http://127.0.0.1:{S3_PORT}/", timeout=2).status_code < 500)
    s3 = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket=BUCKET)
    ok(f"bucket {BUCKET} created")

    say(f"fresh database {DATABASE}, Redis {REDIS_URL}")
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c"]
    run([*psql, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'], env)
    run([*psql, f'CREATE DATABASE "{DATABASE}"'], env)
    redis_db = REDIS_URL.rsplit("/", 1)[-1]
    run(["redis-cli", "-h", "127.0.0.1", "-n", redis_db, "FLUSHDB"], env)

    fake_stripe.start()
    say("the README's deploy sequence, under production settings")
    for command, limit in (
        (["migrate", "--no-input"], 200),
        (["sync_schedules"], 60),
        (["collectstatic", "--no-input", "-v0"], 120),
        (["check", "--deploy", "--fail-level", "WARNING"], 60),
    ):
        started = time.monotonic()
        run([PY, "manage.py", *command], env, timeout=limit)
        ok(f"manage.py {' '.join(command)} ({time.monotonic() - started:.1f}s)")
    started = time.monotonic()
    run([PY, "manage.py", "load_demo"], env, timeout=200)
    ok(f"manage.py load_demo (CI only: the demo accounts; {time.monotonic() - started:.1f}s)")
    stored = s3.list_objects_v2(Bucket=BUCKET, Prefix="private/").get("KeyCount", 0)
    assert stored > 0, "load_demo stored no private file in the bucket"
    ok(f"private files are in the bucket ({stored} objects under private/)")

    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    processes.start("gunicorn", [gunicorn, "-c", "deploy/gunicorn.conf.py", "config.wsgi"], env)
    for number in (1, 2):
        processes.start(f"qcluster-{number}", [PY, "manage.py", "qcluster"], env)
    wait_for(
        "gunicorn",
        lambda: requests.get(f"http://127.0.0.1:{GUNICORN_PORT}/sante/vivant/", timeout=2).status_code == 200,
    )
    ok(f"gunicorn answers on 127.0.0.1:{GUNICORN_PORT} only (3 workers)")

    cert, key = self_signed_certificate(work)
    main = nginx_configuration(work, env, cert, key)
    for path in (work, *work.rglob("*")):
        path.chmod(path.stat().st_mode | 0o055 if path.is_dir() else path.stat().st_mode | 0o044)
    run([nginx, "-t", "-q", "-c", str(main), "-p", str(work)], env, timeout=15)
    subprocess.run([nginx, "-c", str(main), "-p", str(work)], check=True, timeout=15)
    wait_for("nginx", lambda: requests.get(f"{BASE}/sante/vivant/", verify=str(cert), timeout=2).status_code == 200)
    ok(f"nginx serves https://localhost:{HTTPS_PORT} with the self-signed certificate")


def check_http(work: Path) -> None:
    cert = str(work / "tls.crt")
    plain = requests.get(f"http://localhost:{HTTP_PORT}/espace/", allow_redirects=False, timeout=5)
    assert plain.status_code == 301 and plain.headers["Location"] == f"{BASE}/espace/", plain.headers
    ok("http answers 301 to https")

    home = requests.get(f"{BASE}/", verify=cert, timeout=10)
    assert home.status_code == 200 and "Portail locataire" in home.text
    assert home.headers.get("Server") == "nginx", home.headers.get("Server")
    css = re.search(r'href="(/static/css/bootstrap\.portal\.[0-9a-f]{12}\.css)"', home.text).group(1)
    static = requests.get(f"{BASE}{css}", verify=cert, headers={"Accept-Encoding": "gzip"}, timeout=10, stream=True)
    assert static.status_code == 200, static.status_code
    assert static.headers.get("Content-Encoding") == "gzip", static.headers
    assert "immutable" in static.headers["Cache-Control"], static.headers
    ok(f"static files precompressed (gzip) with a one-year cache: {css}")
    # The public pages, forms included, are kept a minute by nginx: the same bytes for every visitor,
    # their forms without a token (the page's script fetches the visitor's own).
    for path in ("/", "/faq/"):
        first = requests.get(f"{BASE}{path}", verify=cert, timeout=10)
        again = requests.get(f"{BASE}{path}", verify=cert, timeout=10)
        assert first.status_code == again.status_code == 200, (path, first.status_code, again.status_code)
        assert again.headers.get("X-Cache-Status") == "HIT", (path, first.headers, again.headers)
        assert "Set-Cookie" not in again.headers and again.content == first.content, (path, again.headers)
        assert 'name="csrfmiddlewaretoken" value=""' in again.text, path
    ok("nginx keeps / and /faq/ (X-Cache-Status: HIT on the second visit), forms without a token, no cookie")
    assert requests.get(f"{BASE}/prive/filer/x.pdf", verify=cert, timeout=5).status_code == 404
    ok("the internal /prive/ location is not reachable from outside (404)")

    live = requests.get(f"{BASE}/sante/vivant/", verify=cert, timeout=5)
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    ready = requests.get(f"{BASE}/sante/pret/", verify=cert, timeout=10)
    body = ready.json()
    assert ready.status_code == 200 and body["status"] in {"ok", "degraded"}, body
    for name in ("database", "cache", "storage", "tasks"):
        assert body["checks"][name]["ok"], body
    ok(f"/sante/vivant/ and /sante/pret/: {body['status']}, tasks {body['checks']['tasks']}")

    missing = requests.get(f"{BASE}/cette-page-n-existe-pas/", verify=cert, timeout=10)
    assert missing.status_code == 404 and "Page introuvable" in missing.text
    request_id = missing.headers["X-Request-ID"]
    logged = re.compile(rf'"request_id": "{request_id}".*Not Found')
    wait_for("the 404's log line", lambda: logged.search((work / "gunicorn.log").read_text()), timeout=10)
    ok(f"French 404 page; its JSON log line carries nginx's request id {request_id}")


def check_browser(work: Path, fake_stripe: FakeStripe) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(
            base_url=BASE, ignore_https_errors=True, locale="fr-FR", timezone_id="Europe/Paris", accept_downloads=True
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        try:
            _journey(page, context, fake_stripe, work)
        finally:
            context.close()
            browser.close()


def _journey(page, context, fake_stripe: FakeStripe, work: Path) -> None:
    home = page.goto("/")
    assert home.headers.get("x-cache-status") == "HIT", home.headers
    expect(page).to_have_title(re.compile("Portail locataire"))
    assert_accessible(page)
    ok("browser: public home page, from nginx's cache (axe: no violation)")

    # Signed in from that page: its form got the visitor's own token from its script.
    page.get_by_label("Identifiant (adresse e-mail)").fill("claire.martin@example.org")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="SE CONNECTER", exact=True).click()
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    assert_accessible(page)
    ok("browser: claire.martin@example.org logs in from the cached home page and sees « Accueil »")

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes documents")
    link = page.get_by_role("link", name=re.compile("^Télécharger Avis d'échéance")).first
    with page.expect_download() as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    href = link.get_attribute("href")
    cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
    direct = requests.get(
        f"http://127.0.0.1:{GUNICORN_PORT}{href}",
        cookies=cookies,
        headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
        timeout=10,
    )
    assert direct.status_code == 200 and direct.content == b"", (direct.status_code, direct.content[:40])
    assert direct.headers["X-Accel-Redirect"] == "/prive/" and "X-Amz-Signature" in direct.headers["X-Private-Url"]
    ok(f"browser: notice downloaded ({len(pdf)} bytes of PDF from the bucket through nginx; gunicorn sent 0 bytes)")

    page.goto("/espace/demandes/")
    page.get_by_role("link", name="Une nouvelle demande").click()
    page.get_by_label("Catégorie et sous-catégorie").select_option(label="Plomberie")
    page.get_by_label("Description").fill("Déploiement : le joint sous l'évier fuit un peu chaque matin.")
    photo = BytesIO()
    Image.new("RGB", (400, 300), (30, 120, 200)).save(photo, "JPEG")
    page.get_by_label("Photos ou documents").set_input_files(
        files=[{"name": "fuite.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}]
    )
    page.get_by_label("Mardi matin").check()
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name="Sauvegarder").click()
    expect(page.get_by_role("heading", name="Votre demande est envoyée")).to_be_visible()
    request_id = sent.value.headers["x-request-id"]
    in_task = re.compile(rf'"request_id": "{request_id}".*task .* started')
    wait_for(
        "the request's task log line",
        lambda: any(in_task.search((work / f"qcluster-{n}.log").read_text()) for n in (1, 2)),
        timeout=30,
    )
    ok(f"the request's id {request_id} follows into the task it enqueued (qcluster log)")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes demandes").click()
    # « Mes demandes »: the request's reference opens it.
    row = page.get_by_role("row").filter(has_text="Plomberie").first
    row.get_by_role("link", name=re.compile(r"^D-\d{4}-\d{6}$")).click()
    image = page.get_by_role("img", name="Photo fuite.jpg")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert_accessible(page)
    ok("browser: a request with a photo, the photo shown back (private, through nginx from the bucket)")

    def checkout(route):
        session_id = route.request.url.rstrip("/").rsplit("/", 1)[-1]
        fake_stripe.pay(session_id)
        route.fulfill(status=303, headers={"Location": fake_stripe.sessions[session_id]["success_url"]})

    page.route("https://checkout.stripe.com/**", checkout)
    page.goto("/espace/paiements/")
    page.get_by_role("link", name="PAYER EN LIGNE").first.click()
    page.get_by_label("Montant à régler (en euros)").fill("10,00")
    page.get_by_role("button", name="Continuer vers le paiement sécurisé").click()
    expect(page.get_by_role("heading", name="Paiement confirmé")).to_be_visible()
    assert_accessible(page)
    ok("browser: a 10,00 € payment through the fake Stripe server, confirmed on return")

    page.goto("/cette-page-n-existe-pas/")
    expect(page.get_by_role("heading", name="Page introuvable")).to_be_visible()
    assert_accessible(page)
    ok("browser: the 404 page in the portal's look (axe: no violation)")


def check_reload_under_load(work: Path) -> None:
    """Four clients keep asking through nginx while gunicorn reloads, and a little after: 0 failures."""
    cert = str(work / "tls.crt")
    pidfile = work / "gunicorn.pid"
    old_master = _pid_from(pidfile)
    urls = [f"{BASE}/", f"{BASE}/sante/vivant/", f"{BASE}/compte/connexion/"]
    reloaded = threading.Event()
    results: list[int | str] = []
    after_reload: list[int] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        session = requests.Session()
        sent, sent_after = 0, 0
        while sent < 1000 and sent_after < 25:
            url = urls[(number + sent) % len(urls)]
            try:
                status = session.get(url, verify=cert, timeout=30).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            with lock:
                results.append(status)
            sent += 1
            if reloaded.is_set():
                sent_after += 1
        with lock:
            after_reload.append(sent_after)

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(client, number) for number in range(4)]
        wait_for("load", lambda: len(results) >= 20, timeout=30)
        started = time.monotonic()
        output = run([str(ROOT / "deploy" / "gunicorn-reload"), str(pidfile)], os.environ.copy(), timeout=150)
        reload_seconds = time.monotonic() - started
        reloaded.set()
        for future in futures:
            future.result(timeout=time_left())
    failures = [status for status in results if status != 200]
    new_master = _pid_from(pidfile)
    say(output.strip())
    assert new_master and new_master != old_master, (old_master, new_master)
    assert after_reload == [25] * 4, f"the load stopped before the reload ended: {after_reload}"
    assert not failures, f"{len(failures)} failed requests out of {len(results)}: {failures[:10]}"
    ok(
        f"reload under load: {len(results)} requests from 4 clients, 0 failed; "
        f"master {old_master} -> {new_master} in {reload_seconds:.1f}s"
    )


def main() -> int:
    if os.environ.get("CI") != "true" and not os.path.exists(CHROMIUM):
        print(f"Chromium is missing at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    nginx = ensure_nginx()
    work = Path(tempfile.mkdtemp(prefix="portail-prod-"))
    processes = Processes(work)
    env = app_environment(work)
    fake_stripe = FakeStripe(port=STRIPE_PORT)
    status, failure = 1, ""
    try:
        deploy(env, processes, work, nginx, fake_stripe)
        check_http(work)
        check_browser(work, fake_stripe)
        check_reload_under_load(work)
        status = 0
    except Exception as error:
        failure = f"{type(error).__name__}: {error}"
        say(f"FAILED: {failure}")
        for name in ("gunicorn.log", "qcluster-1.log", "nginx-error.log", "portail.error.log"):
            path = work / name
            if path.exists():
                print(f"--- last lines of {path}", file=sys.stderr)
                print("\n".join(path.read_text(errors="replace").splitlines()[-25:]), file=sys.stderr)
    finally:
        processes.stop_all()
        if fake_stripe.thread.is_alive():
            fake_stripe.stop()
        drop = f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", drop], check=False, timeout=30)
        if status == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            say(f"logs kept in {work}")
    say(f"{len(CHECKED)} checks passed" if status == 0 else f"stage FAILED after {len(CHECKED)} checks: {failure}")
    return status


if __name__ == "__main__":
    sys.exit(main())
