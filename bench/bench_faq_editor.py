"""How long the FAQ takes to open in Wagtail's editor, at 17 questions (the demo) and 100.

The FAQ's questions are pages under their theme (faq/models.py): an editor opens the FAQ page
(introduction, helpfulness counts) or one question. For each size, the FAQ is rebuilt in a
throwaway SQLite database; the server time of the edit views (median of BENCH_FAQ_REPEAT GETs) and,
when Debian's chromium is there, the browser time until the rich-text editor is ready (Playwright)
are printed side by side, with the ratio between the largest and the smallest size.
BENCH_FAQ_QUESTIONS sets the sizes (`17,100` by default).
"""

import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in os.environ.get("BENCH_FAQ_QUESTIONS", "17,100").split(",")]
REPEAT = int(os.environ.get("BENCH_FAQ_REPEAT", "5"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
THEMES = 6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(env, *args) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return result.stdout


def _get(url: str, cookie: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        assert response.status == 200 and b"data-draftail-input" in body, f"{url} is not an editor"


def _server_time(url: str, cookie: str) -> float:
    _get(url, cookie)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        _get(url, cookie)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _browser_time(browser, base: str, path: str, session_key: str) -> float:
    """From the navigation until every rich-text editor of the page is drawn and the page idle."""
    timings = []
    for _ in range(max(1, REPEAT // 2)):
        context = browser.new_context(base_url=base)
        context.add_cookies([{"name": "sessionid", "value": session_key, "url": base}])
        page = context.new_page()
        page.goto(path)  # warms the browser cache, as an editor's second visit
        started = time.perf_counter()
        page.goto(path, wait_until="load")
        expected = page.locator("[data-draftail-input]").count()
        page.locator(".Draftail-Editor").nth(expected - 1).wait_for(state="visible")
        timings.append(time.perf_counter() - started)
        context.close()
    return statistics.median(timings)


def _build(size: int) -> tuple[int, int, str]:
    """Inner process: the FAQ rebuilt with `size` questions; returns the FAQ's and a question's ids
    and the session of an editor allowed to edit them."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model, login
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpRequest
    from wagtail.models import Site

    from faq import demo_content
    from faq.models import FaqIndexPage, FaqQuestionPage, FaqThemePage

    FaqIndexPage.objects.all().delete()
    home = Site.objects.get(is_default_site=True).root_page
    faq = home.add_child(instance=FaqIndexPage(title="Questions fréquentes", slug="faq", intro=demo_content.FAQ_INTRO))
    faq.save_revision().publish()
    demo = [pair for _title, questions in demo_content.FAQ_THEMES for pair in questions]
    themes = []
    for number in range(THEMES):
        theme = faq.add_child(instance=FaqThemePage(title=f"Thème {number + 1}", slug=f"theme-{number + 1}"))
        theme.save_revision().publish()
        themes.append(theme)
    question = None
    for number in range(size):
        text, answer = demo[number % len(demo)]
        question = themes[number % THEMES].add_child(
            instance=FaqQuestionPage(title=f"{text} ({number + 1})", slug=f"question-{number + 1}", answer=answer)
        )
        question.save_revision().publish()
    user, _created = get_user_model().objects.get_or_create(
        email="bench-faq@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    request = HttpRequest()
    request.session = SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return faq.pk, question.pk, request.session.session_key


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portail-bench-faq-")
    (Path(folder) / "static").mkdir()  # STATIC_ROOT: the files themselves come from the apps
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "STRIPE_SECRET_KEY")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        VAR_DIR=folder,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        LOG_LEVEL="ERROR",
    )
    server = None
    playwright = None
    try:
        print("Préparation : base SQLite…", flush=True)
        _run(env, "manage.py", "migrate", "--no-input", "-v0")
        _run(env, "manage.py", "createcachetable")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                *[sys.executable, "-m", "gunicorn", "config.wsgi:application"],
                *["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/bench/bare/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the benchmark server did not start") from None
                time.sleep(0.2)
        browser = None
        if Path(CHROMIUM).exists():
            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        rows = []
        for size in SIZES:
            faq_pk, question_pk, session_key = _run(env, "-m", "bench.bench_faq_editor", "--build", str(size)).split()
            cookie = f"sessionid={session_key}"
            row = {"size": size}
            for name, pk in (("faq", faq_pk), ("question", question_pk)):
                path = f"/admin/pages/{pk}/edit/"
                row[f"{name}_server"] = _server_time(base + path, cookie)
                row[f"{name}_browser"] = _browser_time(browser, base, path, session_key) if browser else None
            rows.append(row)

        def seconds(value):
            return f"{value:6.3f} s" if value is not None else "   (pas de chromium)"

        print(f"Éditeur de la FAQ, médiane de {REPEAT} ouvertures, gunicorn 1 worker, SQLite")
        for row in rows:
            print(
                f"{row['size']:4d} questions : page FAQ serveur {seconds(row['faq_server'])}, "
                f"navigateur {seconds(row['faq_browser'])} ; une question serveur {seconds(row['question_server'])}, "
                f"navigateur {seconds(row['question_browser'])}"
            )
        first, last = rows[0], rows[-1]
        print(
            f"ratio {last['size']} / {first['size']} questions (serveur) : page FAQ "
            f"{last['faq_server'] / first['faq_server']:.2f}, une question "
            f"{last['question_server'] / first['question_server']:.2f}"
        )
    finally:
        if playwright is not None:
            playwright.stop()
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if "--build" in sys.argv:
        print(*_build(int(sys.argv[sys.argv.index("--build") + 1])))
    else:
        main()
