"""Drill: Redis stopped for 10 s while logged-in tenants browse (gunicorn, 3 workers, production settings).

Required: tenants stay logged in, pages keep working, the login page works (a tenant even logs in
during the outage), nothing answers 500, the cache is back without restarting anything.
"""

import signal
import time

import pytest
import requests

from tests.factories import PASSWORD, TenantUserFactory

from .harness import (
    LOGIN_URL,
    Processes,
    Report,
    Traffic,
    drill_environment,
    logged_in_session,
    start_gunicorn,
    start_redis,
    wait_for,
)

pytestmark = pytest.mark.fault_drill

REDIS_PORT, WEB_PORT = 8240, 8241
OUTAGE_SECONDS = 10
TENANT_PAGES = ["/espace/", "/espace/documents/", "/espace/demandes/", "/espace/paiements/", "/espace/dossier/"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_outage_logs_nobody_out_and_answers_no_500(tmp_path):
    report = Report("Redis stopped 10 s while tenants browse")
    processes = Processes(tmp_path, report)
    tenants = TenantUserFactory.create_batch(4)
    late_tenant = TenantUserFactory()
    base = f"http://127.0.0.1:{WEB_PORT}"
    traffic = Traffic(base, report)
    try:
        start_redis(processes, REDIS_PORT)
        env = drill_environment(tmp_path, REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0")
        start_gunicorn(processes, env, WEB_PORT)
        for tenant in tenants:
            traffic.browse(tenant.email, logged_in_session(base, tenant.email, PASSWORD), TENANT_PAGES)
        visitor = requests.Session()
        traffic.browse("visiteur", visitor, [LOGIN_URL, "/", "/sante/vivant/"])
        time.sleep(3)

        stopped_at = report.elapsed()
        processes.stop("redis", signal.SIGKILL)
        report.say(f"Redis killed (kill -9); the tenants keep browsing for {OUTAGE_SECONDS}s")
        time.sleep(2)
        late_session = logged_in_session(base, late_tenant.email, PASSWORD)
        report.say("a tenant logged in through the login page during the outage")
        traffic.browse(late_tenant.email, late_session, TENANT_PAGES)
        time.sleep(OUTAGE_SECONDS - 2)
        restarted_at = report.elapsed()
        start_redis(processes, REDIS_PORT)
        back = wait_for(
            "the readiness check sees the cache again",
            lambda: requests.get(f"{base}/sante/pret/", timeout=5).json()["checks"]["cache"]["ok"],
            timeout=15,
        )
        report.say(f"Redis restarted; the portal uses its cache again {back:.1f}s later, without a restart")
        time.sleep(3)
        traffic.stop()

        during = traffic.between(stopped_at, restarted_at)
        report.say(f"sent {len(traffic.outcomes)} requests; during the outage {len(during)}: {traffic.summary(during)}")
        report.say(f"all requests: {traffic.summary()}")
        errors = [o for o in traffic.outcomes if not isinstance(o.status, int) or o.status >= 500]
        logged_out = [o for o in traffic.outcomes if o.who != "visiteur" and LOGIN_URL in o.location]
        report.say(f"failed: {len(errors)} errors, {len(logged_out)} tenant requests sent to the login page")
        assert len(during) > 50, "the drill must browse during the outage"
        assert errors == []
        assert logged_out == []
        assert {o.status for o in traffic.outcomes} == {200}
        assert any(o.path == LOGIN_URL and o.status == 200 for o in during)
        assert "Exception ignored" in processes.log_text("gunicorn"), "each cache miss is logged"
        # Still logged in after the outage, with the same cookie.
        assert all(o.status == 200 for o in traffic.outcomes if o.at > restarted_at + back)
    finally:
        traffic.stop()
        processes.stop_all()
