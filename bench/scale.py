"""Scale run: a synthetic year for SCALE_LEASES leases (350,000: 16.8 million ledger lines, 4.2 million
rent notices with their files, 700,000 requests) loaded with COPY into the PostgreSQL database
SCALE_DATABASE (portail_scale, dropped and made again), and the same synthetic year for
SCALE_REFERENCE_LEASES leases (1,000) in SCALE_REFERENCE_DATABASE. Then the tenant pages (Accueil,
Mes paiements, Mes documents, Mes demandes) are opened for a tenant in the middle of each, whose
lease has the same history in both: what changes between the two is the size of the tables only.
For each page rendered in full (the tenant page cache emptied before each request): its SQL
queries, the buffers they touch (EXPLAIN ANALYZE BUFFERS: the database's work, which the machine's
load does not change), the planner cost, and the median time, the two databases measured in
alternate rounds of one run. A demo tenant (`load_demo` in SCALE_DEMO_DATABASE) is shown beside
them for the queries and plans of real demo data.

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
REFERENCE_DATABASE = os.environ.get("SCALE_REFERENCE_DATABASE", "portail_scale_reference")
DEMO_DATABASE = os.environ.get("SCALE_DEMO_DATABASE", "portail_scale_demo")
LEASES = int(os.environ.get("SCALE_LEASES", "350000"))
REFERENCE_LEASES = min(int(os.environ.get("SCALE_REFERENCE_LEASES", "1000")), LEASES)
ROUNDS = int(os.environ.get("SCALE_ROUNDS", "3"))
MONTHS = 12
STEP_TIMEOUT = int(os.environ.get("SCALE_STEP_TIMEOUT", "1800"))
DEADLINE = time.monotonic() + int(os.environ.get("SCALE_TIMEOUT", "3600"))
BULK_TABLES = ("billing_ledgerentry", "filer_file", "documents_document")
PAGES = ["/espace/", "/espace/paiements/", "/espace/documents/", "/espace/demandes/"]
BIG_TABLES = {
    "billing_ledgerentry",
    "documents_document",
    "leases_lease",
    "leases_signatory",
    "billing_leaseaccount",
    "tenant_requests_tenantrequest",
    "filer_file",
}
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


def load(database: str, leases: int) -> None:
    """The leases, their lots, signatories, accounts and a year of ledger, with COPY; the ledger's
    indexes and unique constraint are built once the rows are in (what a bulk load does)."""
    admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    admin(f"CREATE DATABASE {database}")
    manage(database, "manage.py", "migrate", "--no-input", "-v0")
    say(f"base {database} migrée ; chargement de {leases} baux et {leases * MONTHS * len(MONTH_LINES)} lignes")
    started = time.perf_counter()
    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
        conn.execute(
            "INSERT INTO leases_agency (id, name, address, phone, email, opening_hours) "
            "VALUES (1, 'Agence', '1 rue', '04 66 00 00 00', 'agence@example.org', '')"
        )
        residences = max(leases // 200, 1)
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
            (f"{n + 1}\tdwelling\tPorte {n}\t{n % residences} rue\t{n % residences + 1}\n" for n in range(leases)),
        )
        copy_rows(
            conn,
            "leases_lease",
            "id, external_id, tenant_number, start_date, paperless_since, residence_id",
            (
                f"{n + 1}\tBAIL-{n}\t{500000 + n}\t2019-09-01\t2025-01-01 00:00:00+00\t{n % residences + 1}\n"
                for n in range(leases)
            ),
        )
        copy_rows(conn, "leases_lease_units", "lease_id, unit_id", (f"{n + 1}\t{n + 1}\n" for n in range(leases)))
        copy_rows(
            conn,
            "leases_signatory",
            "lease_id, last_name, first_name, birth_date, email, phone, mobile_phone",
            (f"{n + 1}\tNOM{n}\tPrénom\t1980-06-01\t\t\t\n" for n in range(leases)),
        )
        copy_rows(
            conn,
            "billing_leaseaccount",
            "lease_id, balance, payment_method, version, updated_at",
            (f"{n + 1}\t0.00\ttransfer\t1\t2026-11-30 00:00:00+00\n" for n in range(leases)),
        )
        # Two requests per lease, one still open: « Mes demandes » and the open requests of Accueil.
        conn.execute(
            "INSERT INTO tenant_requests_requestcategory (id, name, tenant_responsibility, notice, position, is_active)"
            " VALUES (1, 'Plomberie', false, '', 0, true)"
        )
        copy_rows(
            conn,
            "tenant_requests_tenantrequest",
            "reference, lease_id, category_id, unit_id, description, contact_email, contact_slots, status, "
            "created_at, status_changed_at, updated_at, rating_comment, contact_phone",
            (
                f"D-{n}-{r}\t{n + 1}\t1\t{n + 1}\tFuite sous l'évier\tlocataire{n}@example.org\t[]\t"
                f"{'sent' if r else 'closed'}\t2026-0{r + 3}-15 09:00:00+00\t2026-0{r + 3}-16 09:00:00+00\t"
                f"2026-0{r + 3}-16 09:00:00+00\t\t\n"
                for n in range(leases)
                for r in range(2)
            ),
        )
        say(f"baux chargés en {time.perf_counter() - started:.0f} s")
        # The big tables are filled without their indexes and foreign keys, rebuilt once the rows are
        # in (what a bulk load does).
        dropped = {table: _drop_indexes(conn, table) for table in BULK_TABLES}
        started = time.perf_counter()
        months = [date(2025 + (11 + m) // 12, (11 + m) % 12 + 1, 1) for m in range(MONTHS)]  # Dec 2025 to Nov 2026

        def ledger():
            ref = 0
            for n in range(leases):
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
        # A rent notice a month for each lease, each its (private) filer file: « Mes documents ».
        started = time.perf_counter()
        file_type = conn.execute(
            "SELECT id FROM django_content_type WHERE app_label = 'filer' AND model = 'file'"
        ).fetchone()[0]
        copy_rows(
            conn,
            "filer_file",
            "id, file, _file_size, sha1, has_all_mandatory_data, original_filename, name, description, "
            "uploaded_at, modified_at, is_public, polymorphic_ctype_id, mime_type",
            (
                f"{n * MONTHS + m + 1}\tfiler_private/bail-{n}/avis-{month:%Y-%m}.pdf\t38000\t\tf\t"
                f"avis-echeance-{month:%Y-%m}.pdf\tavis-echeance-{month:%Y-%m}.pdf\t\t"
                f"{month} 06:00:00+00\t{month} 06:00:00+00\tf\t{file_type}\tapplication/pdf\n"
                for n in range(leases)
                for m, month in enumerate(months)
            ),
        )
        rows = copy_rows(
            conn,
            "documents_document",
            "kind, period, title, source, issued_at, created_at, created_by, file_id, lease_id",
            (
                f"rent_notice\t{month}\tAvis d'échéance {month:%m/%Y}\tgenerated\t{month} 06:00:00+00\t"
                f"{month} 06:00:00+00\tbench scale\t{n * MONTHS + m + 1}\t{n + 1}\n"
                for n in range(leases)
                for m, month in enumerate(months)
            ),
        )
        say(f"{rows} avis d'échéance (documents et fichiers) copiés en {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        for table, (indexes, constraints) in dropped.items():
            for definition in indexes:
                conn.execute(definition)
            for name, definition in constraints:
                conn.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        conn.execute("ANALYZE")
        say(f"index, contraintes et statistiques refaits en {time.perf_counter() - started:.0f} s")


def _drop_indexes(conn, table: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop a table's secondary indexes, unique constraints and foreign keys; return their definitions."""
    indexes = [
        row[0]
        for row in conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE '%%pkey'"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [table],
        )
    ]
    constraints = conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
        [table],
    ).fetchall()
    for name, _definition in constraints:
        conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for definition in indexes:
        conn.execute(f"DROP INDEX {definition.split(' ON ')[0].split()[-1]}")
    return indexes, constraints


def measure(database: str, email: str, lease: int = 0) -> dict:
    output = manage(database, "-m", "bench.scale", "--inner-measure", email, str(lease))
    return json.loads(output.strip().splitlines()[-1])


def inner_measure(email: str, lease_pk: int) -> None:
    """In a child process on the database to measure: each tenant page's queries, plans, buffers and time."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.accounts.models import User
    from portal.leases.models import Signatory

    user = User.objects.filter(email=email).first()
    if user is None:  # a synthetic database: a tenant on the lease in the middle of the table
        user = User.objects.create(email=email, signatory=Signatory.objects.filter(lease_id=lease_pk).first())
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
                # ANALYZE runs the query: its buffers are the pages of tables and indexes it touched.
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0][0]["Plan"]
                nodes, stack = [], [plan]
                while stack:
                    node = stack.pop()
                    nodes.append((node["Node Type"], node.get("Relation Name", ""), node.get("Index Name", "")))
                    stack.extend(node.get("Plans", []))
                buffers = plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
                plans.append({"cost": plan["Total Cost"], "buffers": buffers, "nodes": nodes, "sql": sql[:90]})
        pages[page] = {"queries": len(queries), "ms": statistics.median(timings), "plans": plans}
    print(json.dumps(pages))


def _totals(pages: dict, page: str) -> tuple[float, int]:
    plans = pages[page]["plans"]
    return sum(p["cost"] for p in plans), sum(p["buffers"] for p in plans)


def report(scale: dict, reference: dict, demo: dict) -> None:
    """Per page: the same lease history at REFERENCE_LEASES and at LEASES leases, and the demo tenant."""
    print(f"\nLe même bail (une année de lignes) dans {REFERENCE_LEASES} baux (réf.) et dans {LEASES} baux (échelle) :")
    print(
        f"{'page':<22}{'requêtes':>14}{'blocs lus':>16}{'coût planif.':>18}{'ms (médiane)':>18}"
        f"{'échelle/réf. (blocs, ms)':>27}"
    )
    for page in PAGES:
        a, b = reference[page], scale[page]
        cost_a, buffers_a = _totals(reference, page)
        cost_b, buffers_b = _totals(scale, page)
        print(
            f"{page:<22}{a['queries']:>6} → {b['queries']:<5}{buffers_a:>7} → {buffers_b:<6}"
            f"{cost_a:>8.0f} → {cost_b:<7.0f}{a['ms']:>8.1f} → {b['ms']:<7.1f}"
            f"{buffers_b / max(buffers_a, 1):>14.2f}, {b['ms'] / a['ms']:.2f}"
        )
    print("\nDonnées de démonstration (Claire Martin : quelques lignes, des documents) :")
    for page in PAGES:
        cost, buffers = _totals(demo, page)
        print(
            f"{page:<22}{demo[page]['queries']:>6} requêtes, {buffers:>5} blocs, coût {cost:>6.0f}, "
            f"{demo[page]['ms']:.1f} ms"
        )
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
                print(f"  {page:<20} coût {plan['cost']:>9.1f}  blocs {plan['buffers']:>4}  {', '.join(scans)}{flag}")


def _median_rounds(rounds: list[dict]) -> dict:
    """The first round's queries and plans, each page's time the median over the rounds."""
    merged = rounds[0]
    for page in PAGES:
        merged[page]["ms"] = statistics.median(r[page]["ms"] for r in rounds)
    return merged


def main() -> None:
    if not (ROOT / "manage.py").exists():
        raise SystemExit("run from the project")
    load(REFERENCE_DATABASE, REFERENCE_LEASES)
    load(DATABASE, LEASES)
    # Alternate rounds, so that the machine's load falls on both sides alike.
    references, scales = [], []
    for n in range(ROUNDS):
        references.append(measure(REFERENCE_DATABASE, "echelle@example.org", REFERENCE_LEASES // 2 + 1))
        scales.append(measure(DATABASE, "echelle@example.org", LEASES // 2 + 1))
        say(f"tour {n + 1}/{ROUNDS} mesuré")
    admin(f"DROP DATABASE IF EXISTS {DEMO_DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {DEMO_DATABASE}")
    manage(DEMO_DATABASE, "manage.py", "migrate", "--no-input", "-v0")
    manage(DEMO_DATABASE, "manage.py", "load_demo")
    demo = measure(DEMO_DATABASE, "claire.martin@example.org")
    say("pages mesurées sur les données de démonstration")
    report(_median_rounds(scales), _median_rounds(references), demo)
    if os.environ.get("SCALE_KEEP") != "1":
        for database in (DEMO_DATABASE, REFERENCE_DATABASE):
            admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


if __name__ == "__main__":
    if "--inner-measure" in sys.argv:
        at = sys.argv.index("--inner-measure")
        inner_measure(sys.argv[at + 1], int(sys.argv[at + 2]))
    else:
        main()
