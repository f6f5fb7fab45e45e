"""Scale run: a synthetic year for SCALE_LEASES leases (350,000: 14 million ledger lines) loaded with
COPY into the PostgreSQL database SCALE_DATABASE (portail_scale, dropped and made again), then the
tenant pages (Accueil, Mes paiements, Mes documents) opened for one tenant there and for a demo
tenant (`load_demo` in SCALE_DEMO_DATABASE): for each page rendered in full (the tenant page cache
emptied before each request) its SQL queries, the EXPLAIN of each one (index or sequential scan,
planner cost) and the median time, side by side.

    python -m bench.scale               # 350,000 leases (make bench-scale)
    SCALE_LEASES=2000 python -m bench.scale

Bounded: each step has a timeout (SCALE_STEP_TIMEOUT, 1,800 s) and the whole run stops past
SCALE_TIMEOUT (3,600 s). Not part of `make bench` (minutes, gigabytes); bench-smoke runs it tiny.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = os.environ.get("SCALE_DATABASE", "portail_scale")
DEMO_DATABASE = os.environ.get("SCALE_DEMO_DATABASE", "portail_scale_demo")
LEASES = int(os.environ.get("SCALE_LEASES", "350000"))
MONTHS = 12
STEP_TIMEOUT = int(os.environ.get("SCALE_STEP_TIMEOUT", "1800"))
DEADLINE = time.monotonic() + int(os.environ.get("SCALE_TIMEOUT", "3600"))
BATCH = 5000  # leases per COPY buffer
PAGES = ["/espace/", "/espace/paiements/", "/espace/documents/"]
BIG_TABLES = {"billing_ledgerentry", "documents_document", "leases_lease", "leases_signatory", "billing_leaseaccount"}
# A month of a lease's ledger: rent, charges, housing aid, and the tenant's payment (about 40 lines a year).
MONTH_LINES = [
    ("rent", "Loyer", "412.30"),
    ("charges", "Provisions sur charges", "96.50"),
    ("apl", "APL", "-120.00"),
    ("transfer", "Virement", "-388.80"),
]


def say(message: str) -> None:
    left = DEADLINE - time.monotonic()
    print(f"[{left:5.0f} s restantes] {message}", flush=True)
    if left < 0:
        raise SystemExit("scale run over its time bound (SCALE_TIMEOUT)")


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def manage(database: str, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL",)}
    env.update(DATABASE_URL=f"{SERVER}/{database}", DJANGO_SETTINGS_MODULE="config.settings.test", LOG_LEVEL="ERROR")
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=STEP_TIMEOUT
    )
    return done.stdout


def copy_rows(conn, table: str, columns: str, lines) -> int:
    count = 0
    with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        buffer = []
        for line in lines:
            buffer.append(line)
            count += 1
            if len(buffer) >= 50_000:
                copy.write("".join(buffer))
                buffer = []
        copy.write("".join(buffer))
    return count


def load() -> None:
    """The leases, their lots, signatories, accounts and a year of ledger, with COPY; the ledger's
    indexes and unique constraint are built once the rows are in (what a bulk load does)."""
    admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {DATABASE}")
    manage(DATABASE, "manage.py", "migrate", "--no-input", "-v0")
    say(f"base {DATABASE} migrée ; chargement de {LEASES} baux et {LEASES * MONTHS * len(MONTH_LINES)} lignes")
    started = time.perf_counter()
    with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as conn:
        conn.execute(
            "INSERT INTO leases_agency (id, name, address, phone, email, opening_hours) "
            "VALUES (1, 'Agence', '1 rue', '04 66 00 00 00', 'agence@example.org', '')"
        )
        residences = max(LEASES // 200, 1)
        copy_rows(
            conn,
            "leases_residence",
            "id, name, address, postcode, city, agency_id",
            (f"{r + 1}\tRésidence {r}\t{r} rue des Essais\t30000\tNîmes\t1\n" for r in range(residences)),
        )
        copy_rows(
            conn,
            "leases_unit",
            "id, kind, reference, address, residence_id",
            (f"{n + 1}\tdwelling\tPorte {n}\t{n % residences} rue\t{n % residences + 1}\n" for n in range(LEASES)),
        )
        copy_rows(
            conn,
            "leases_lease",
            "id, external_id, tenant_number, start_date, paperless_since, residence_id",
            (
                f"{n + 1}\tBAIL-{n}\t{500000 + n}\t2019-09-01\t2025-01-01 00:00:00+00\t{n % residences + 1}\n"
                for n in range(LEASES)
            ),
        )
        copy_rows(conn, "leases_lease_units", "lease_id, unit_id", (f"{n + 1}\t{n + 1}\n" for n in range(LEASES)))
        copy_rows(
            conn,
            "leases_signatory",
            "lease_id, last_name, first_name, birth_date, email, phone, mobile_phone",
            (f"{n + 1}\tNOM{n}\tPrénom\t1980-06-01\t\t\t\n" for n in range(LEASES)),
        )
        copy_rows(
            conn,
            "billing_leaseaccount",
            "lease_id, balance, payment_method, version, updated_at",
            (f"{n + 1}\t0.00\ttransfer\t1\t2026-11-30 00:00:00+00\n" for n in range(LEASES)),
        )
        say(f"baux chargés en {time.perf_counter() - started:.0f} s")
        indexes = [
            row[0]
            for row in conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'billing_ledgerentry' AND indexname NOT LIKE '%pkey'"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
        ]
        constraints = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'billing_ledgerentry'::regclass AND contype IN ('u', 'f')"
        ).fetchall()
        for name, _definition in constraints:
            conn.execute(f"ALTER TABLE billing_ledgerentry DROP CONSTRAINT {name}")
        for definition in indexes:
            conn.execute(f"DROP INDEX {definition.split(' ON ')[0].split()[-1]}")
        started = time.perf_counter()
        months = [date(2025 + (11 + m) // 12, (11 + m) % 12 + 1, 1) for m in range(MONTHS)]  # Dec 2025 to Nov 2026

        def ledger():
            ref = 0
            for n in range(LEASES):
                for month in months:
                    for kind, label, amount in MONTH_LINES:
                        ref += 1
                        yield (
                            f"{n + 1}\t{kind}\t{label}\t{amount}\t{month}\terp:S{ref}\t"
                            "2026-11-30 00:00:00+00\tbench scale\n"
                        )

        rows = copy_rows(
            conn,
            "billing_ledgerentry",
            "lease_id, kind, label, amount, booked_on, external_ref, created_at, created_by",
            ledger(),
        )
        say(f"{rows} lignes de compte copiées en {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        for definition in indexes:
            conn.execute(definition)
        for name, definition in constraints:
            conn.execute(f"ALTER TABLE billing_ledgerentry ADD CONSTRAINT {name} {definition}")
        conn.execute("ANALYZE")
        say(f"index, contraintes et statistiques refaits en {time.perf_counter() - started:.0f} s")


def measure(database: str, email: str) -> dict:
    return json.loads(manage(database, "-m", "bench.scale", "--inner-measure", email).strip().splitlines()[-1])


def inner_measure(email: str) -> None:
    """In a child process on the database to measure: each tenant page's queries, plans and time."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.accounts.models import User
    from portal.leases.models import Lease, Signatory

    user = User.objects.filter(email=email).first()
    if user is None:  # the scale database: a tenant on a lease in the middle of the table
        lease = Lease.objects.get(pk=LEASES // 2 + 1)
        user = User.objects.create(email=email, signatory=Signatory.objects.filter(lease=lease).first())
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    pages = {}
    # Every request renders the page: the tenant page cache is emptied before each one, since what
    # grows with the tables is the work of a page that is not cached yet (a hit costs 2 queries).
    for page in PAGES:
        assert client.get(page).status_code == 200, page
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        queries = list(captured.captured_queries)  # the next request resets the connection's log
        timings = []
        for _n in range(5):
            cache.clear()
            started = time.perf_counter()
            client.get(page)
            timings.append((time.perf_counter() - started) * 1000)
        plans = []
        with connection.cursor() as cursor:
            for query in queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0][0]["Plan"]
                nodes, stack = [], [plan]
                while stack:
                    node = stack.pop()
                    nodes.append((node["Node Type"], node.get("Relation Name", ""), node.get("Index Name", "")))
                    stack.extend(node.get("Plans", []))
                plans.append({"cost": plan["Total Cost"], "nodes": nodes, "sql": sql[:90]})
        pages[page] = {"queries": len(queries), "ms": statistics.median(timings), "plans": plans}
    print(json.dumps(pages))


def report(scale: dict, demo: dict) -> None:
    print(
        f"\n{'page':<22}{'requêtes':>10}{'ms (démo)':>11}{'ms (échelle)':>14}{'coût (démo)':>13}{'coût (échelle)':>16}"
    )
    for page in PAGES:
        a, b = demo[page], scale[page]
        cost_a = sum(p["cost"] for p in a["plans"])
        cost_b = sum(p["cost"] for p in b["plans"])
        print(f"{page:<22}{b['queries']:>10}{a['ms']:>11.1f}{b['ms']:>14.1f}{cost_a:>13.0f}{cost_b:>16.0f}")
    print("\nplans à l'échelle (scans des grandes tables) :")
    for page in PAGES:
        for plan in scale[page]["plans"]:
            scans = [
                f"{node} {relation}" + (f" ({index})" if index else "")
                for node, relation, index in plan["nodes"]
                if relation in BIG_TABLES
            ]
            if scans:
                flag = "  SEQ SCAN" if any(s.startswith("Seq Scan") for s in scans) else ""
                print(f"  {page:<20} coût {plan['cost']:>9.1f}  {', '.join(scans)}{flag}")


def main() -> None:
    if not (ROOT / "manage.py").exists():
        raise SystemExit("run from the project")
    load()
    scale = measure(DATABASE, "echelle@example.org")
    say("pages mesurées à l'échelle")
    admin(f"DROP DATABASE IF EXISTS {DEMO_DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {DEMO_DATABASE}")
    manage(DEMO_DATABASE, "manage.py", "migrate", "--no-input", "-v0")
    manage(DEMO_DATABASE, "manage.py", "load_demo")
    demo = measure(DEMO_DATABASE, "claire.martin@example.org")
    say("pages mesurées sur les données de démonstration")
    report(scale, demo)
    if os.environ.get("SCALE_KEEP") != "1":
        admin(f"DROP DATABASE IF EXISTS {DEMO_DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    if "--inner-measure" in sys.argv:
        inner_measure(sys.argv[sys.argv.index("--inner-measure") + 1])
    else:
        main()
