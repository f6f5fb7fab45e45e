"""Import rate of the management system's files on PostgreSQL, as a ratio to PostgreSQL's own COPY.

Creates the database `portail_bench_erp` (BENCH_ERP_DATABASE; dropped at the end), migrates it, generates a file set
of BENCH_ERP_LEASES leases (20,000) with their agencies, residences, lots and signatories and
BENCH_ERP_LEDGER_LINES ledger lines (1,000,000, grouped by lease as an account extract is), imports
it with the `erp_import` command, each file in a process of its own, and prints rows/s twice: the
whole command (the process's start-up included, as `manage.py erp_import` is run), and the import
alone (`call_command` timed inside the process, after Django's set-up), against:
- for the ledger, a COPY of the same lines, already typed (lease id, kind, amount, date), into a
  copy of the real ledger table with its indexes, unique constraint and foreign key: the floor of
  any import;
- for the leases, a COPY of the file into a plain text table.
Needs PostgreSQL at BENCH_PG_URL (postgres://postgres@127.0.0.1:5432).
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = os.environ.get("BENCH_ERP_DATABASE", "portail_bench_erp")
LEASES = int(os.environ.get("BENCH_ERP_LEASES", "20000"))
LEDGER_LINES = int(os.environ.get("BENCH_ERP_LEDGER_LINES", "1000000"))
RESIDENCES = max(LEASES // 200, 1)
# Each step is bounded: on a machine too busy to finish, the bench stops instead of hanging.
STEP_TIMEOUT = int(os.environ.get("BENCH_ERP_STEP_TIMEOUT", "900"))
NATURES = [("LOYER", "Loyer", "412,30"), ("CHARGES", "Provisions pour charges", "86,15"), ("APL", "APL", "-215,00")]


def _admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _generate(folder: Path) -> dict[str, int]:
    rng = random.Random(9)
    with open(folder / "agencies.csv", "w", encoding="utf-8") as out:
        out.write("code_agence;nom;adresse;telephone;courriel;horaires\n")
        out.write("AG-B;Agence de banc d'essai;1 rue du Banc;04 66 00 00 00;banc@example.org;\n")
    with open(folder / "residences.csv", "w", encoding="utf-8") as out:
        out.write(
            "code_residence;nom_residence;adresse_residence;code_postal;commune;code_agence;"
            "code_lot;type_lot;reference_lot;adresse_lot\n"
        )
        for n in range(LEASES):
            r = n % RESIDENCES
            out.write(f"RES-{r};Résidence {r};{r} rue des Essais;30000;Nîmes;AG-B;LOT-{n};LOGEMENT;Porte {n};{r} rue\n")
    signatories = 0
    with open(folder / "leases.csv", "w", encoding="utf-8") as out:
        out.write(
            "code_bail;numero_locataire;code_residence;codes_lots;date_entree;date_sortie;code_signataire;"
            "nom;prenom;date_naissance;courriel;telephone;mobile\n"
        )
        for n in range(LEASES):
            for s in range(1 + (n % 3 == 0)):
                signatories += 1
                out.write(
                    f"BAIL-{n};{400000 + n};RES-{n % RESIDENCES};LOT-{n};01/09/2019;;SIG-{n}-{s};"
                    f"NOM{n};Prénom{s};{rng.randint(1, 28):02d}/06/1980;;04 66 00 00 00;\n"
                )
    per_lease = LEDGER_LINES // LEASES
    with open(folder / "ledger.csv", "w", encoding="utf-8") as out:
        out.write("id_ligne;code_bail;date;nature;libelle;montant\n")
        line = 0
        for n in range(LEASES):
            count = per_lease + (1 if n < LEDGER_LINES - per_lease * LEASES else 0)
            for i in range(count):
                nature, label, amount = NATURES[i % 3]
                month = i // 3
                out.write(
                    f"L{line};BAIL-{n};01/{1 + month % 12:02d}/{2010 + month // 12};{nature};{label} {i};{amount}\n"
                )
                line += 1
    return {"leases": signatories, "ledger": LEDGER_LINES}


# What `manage.py erp_import KIND FILE` does, with the command alone timed after Django's set-up.
COMMAND = """
import sys, time
import django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command("erp_import", sys.argv[1], sys.argv[2])
with open(sys.argv[3], "w") as seconds:
    seconds.write(str(time.perf_counter() - started))
"""


def _import(env, kind: str, path: Path) -> tuple[float, float]:
    """Seconds of the whole command (process start-up included), and of the import alone."""
    seconds = path.with_suffix(".seconds")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", COMMAND, kind, str(path), str(seconds)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=STEP_TIMEOUT,
    )
    elapsed = time.perf_counter() - started
    alone = float(seconds.read_text())
    print(f"{kind} importé en {elapsed:.1f} s, dont {alone:.1f} s d'import hors démarrage du processus", flush=True)
    return elapsed, alone


def _copy(path: Path, table: str, columns: int) -> float:
    with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {table} ({', '.join(f'c{i} text' for i in range(columns))})")
        started = time.perf_counter()
        sql = f"COPY {table} FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)"
        with conn.cursor().copy(sql) as copy, open(path, "rb") as data:
            while block := data.read(1 << 20):
                copy.write(block)
        return time.perf_counter() - started


NATURE_KINDS = {"LOYER": "rent", "CHARGES": "charges", "APL": "apl"}


def _copy_typed_ledger(path: Path) -> float:
    """COPY the ledger file's lines, typed beforehand, into a table like billing_ledgerentry: its
    indexes, unique constraint and every foreign key it has (the lease's, and the online payment's,
    which a file's line leaves empty but whose deferred check every insert still queues)."""
    with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as conn:
        leases = dict(conn.execute("SELECT external_id, id FROM leases_lease").fetchall())
        typed = []
        with open(path, encoding="utf-8") as data:
            next(data)
            for line in data:
                ref, lease, booked, nature, label, amount = line.rstrip("\n").split(";")
                day, month, year = booked.split("/")
                typed.append(
                    f"{leases[lease]}\t{NATURE_KINDS[nature]}\t{label}\t{amount.replace(',', '.')}\t"
                    f"{year}-{month}-{day}\tcopy:{ref}\t2026-11-30 00:00:00+00\tbench\n"
                )
        payload = "".join(typed).encode()
        conn.execute("CREATE TABLE copy_ledger (LIKE billing_ledgerentry INCLUDING ALL)")
        foreign_keys = conn.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'billing_ledgerentry'::regclass AND contype = 'f'"
        ).fetchall()
        for (definition,) in foreign_keys:
            conn.execute(f"ALTER TABLE copy_ledger ADD {definition}")
        columns = "lease_id, kind, label, amount, booked_on, external_ref, created_at, created_by"
        started = time.perf_counter()
        with conn.transaction(), conn.cursor().copy(f"COPY copy_ledger ({columns}) FROM STDIN") as copy:
            for start in range(0, len(payload), 1 << 20):
                copy.write(payload[start : start + (1 << 20)])
        return time.perf_counter() - started


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="portail-bench-erp-"))
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL",)}
    env.update(
        DATABASE_URL=f"{SERVER}/{DATABASE}",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        VAR_DIR=str(folder),
        LOG_LEVEL="ERROR",
    )
    _admin(f"DROP DATABASE IF EXISTS {DATABASE}")
    _admin(f"CREATE DATABASE {DATABASE}")
    try:
        print(f"Génération : {LEASES} baux, {LEDGER_LINES} lignes de compte…", flush=True)
        rows = _generate(folder)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=STEP_TIMEOUT,
        )
        _import(env, "agencies", folder / "agencies.csv")
        _import(env, "residences", folder / "residences.csv")
        runs = {kind: _import(env, kind, folder / f"{kind}.csv") for kind in ("leases", "ledger")}
        copies = {"leases": _copy(folder / "leases.csv", "copy_leases", 13)}
        copies["ledger"] = _copy_typed_ledger(folder / "ledger.csv")
        for kind in ("leases", "ledger"):
            copied = rows[kind] / copies[kind]
            for what, seconds in zip(("commande entière", "hors démarrage"), runs[kind], strict=True):
                imported = rows[kind] / seconds
                print(
                    f"{kind:7} {rows[kind]:>9} lignes, {what:16} : import {imported:>9.0f} lignes/s, "
                    f"COPY {copied:>9.0f} lignes/s, ratio import/COPY = {imported / copied:.3f}"
                    + (" (objectif ≥ 0,8)" if kind == "ledger" else "")
                )
        total = sum(rows.values())
        ratio = (total / sum(whole for whole, _alone in runs.values())) / (total / sum(copies.values()))
        print(f"ensemble (commandes entières) : ratio import/COPY = {ratio:.4f}")
    finally:
        _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        subprocess.run(["rm", "-rf", str(folder)], check=False)


if __name__ == "__main__":
    main()
