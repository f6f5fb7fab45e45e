"""Drill: PostgreSQL unreachable for 6 s (as during a restart) while tenants browse.

The portal reaches PostgreSQL through a TCP proxy of the drill (the machine's cluster is shared:
it is never restarted); cutting the proxy closes its port and resets every open connection, as a
restarting server does. Required: a French « Service momentanément indisponible » page with status
503 and Retry-After during the cut, never a 500, and every page back alone after it.
"""

import time

import pytest
import requests
from django.db import connection

from tests.factories import PASSWORD, TenantUserFactory

from .harness import (
    LOGIN_URL,
    Processes,
    Report,
    TcpProxy,
    Traffic,
    drill_environment,
    logged_in_session,
    start_gunicorn,
    wait_for,
)

pytestmark = pytest.mark.fault_drill

PROXY_PORT, WEB_PORT = 8242, 8243
CUT_SECONDS = 6
TENANT_PAGES = ["/espace/", "/espace/documents/", "/espace/demandes/", "/espace/paiements/"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_restart_is_a_french_503_then_service_comes_back_alone(tmp_path):
    report = Report("PostgreSQL unreachable 6 s while tenants browse")
    processes = Processes(tmp_path, report)
    tenants = TenantUserFactory.create_batch(3)
    database = connection.settings_dict
    proxy = TcpProxy(PROXY_PORT, (database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))).start()
    base = f"http://127.0.0.1:{WEB_PORT}"
    traffic = Traffic(base, report)
    try:
        env = drill_environment(tmp_path)
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(f":{database['PORT'] or 5432}/", f":{PROXY_PORT}/")
        start_gunicorn(processes, env, WEB_PORT)
        for tenant in tenants:
            traffic.browse(tenant.email, logged_in_session(base, tenant.email, PASSWORD), TENANT_PAGES)
        traffic.browse("visiteur", requests.Session(), [LOGIN_URL, "/"])
        time.sleep(2)

        cut_at = report.elapsed()
        proxy.cut()
        report.say(f"database cut (port closed, connections reset) for {CUT_SECONDS}s")
        time.sleep(CUT_SECONDS)
        proxy.start()
        restored_at = report.elapsed()
        report.say("database reachable again")
        back = wait_for(
            "every page answers 200 again",
            lambda: (
                any(o.at > restored_at and o.status == 200 for o in traffic.outcomes)
                and all(o.status == 200 for o in traffic.outcomes if o.at > report.elapsed() - 1)
            ),
            timeout=20,
        )
        report.say(f"service back {back:.1f}s after the database, without a restart")
        time.sleep(2)
        traffic.stop()

        during = traffic.between(cut_at, restored_at)
        after = traffic.between(restored_at + back, report.elapsed())
        report.say(f"sent {len(traffic.outcomes)} requests; during the cut {len(during)}: {traffic.summary(during)}")
        report.say(f"after service came back: {traffic.summary(after)}; all: {traffic.summary()}")
        assert {o.status for o in traffic.outcomes} <= {200, 503}, traffic.summary()
        unavailable = [o for o in traffic.outcomes if o.status == 503]
        assert len(unavailable) >= 10, "the drill must hit the cut"
        assert all(o.retry_after == "30" for o in unavailable)
        assert all("Service momentanément indisponible" in o.text for o in unavailable)
        assert all(o.location == "" for o in traffic.outcomes), "nobody is sent to the login page"
        assert after and {o.status for o in after} == {200}
    finally:
        traffic.stop()
        processes.stop_all()
        proxy.stop()
