"""Monthly rent notices: the whole pipeline (chunks of leases: query the ledger, render with
WeasyPrint, file in filer, record, e-mail the tenants) against WeasyPrint alone rendering the same
HTML, in CPU seconds of the process (the two interleaved chunk by chunk), and the throughput with 1
and 2 workers.

Runs in child processes under the test settings with a throwaway VAR_DIR (SQLite database, private
files, locmem e-mail), on BENCH_NOTICES leases (1,000 by default), then deletes it. The workers are
processes forked after the set-up, each taking chunks of the run as a qcluster worker would
(`notices_chunk_generate`), so the scaling measured is that of the chunks, not of a broker.
"""

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTICES = int(os.environ.get("BENCH_NOTICES", "1000"))
CHUNK = max(min(100, NOTICES // 4), 1)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portail-bench-notices-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "VAR_DIR": folder}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env["NOTICES_CHUNK_SIZE"] = str(CHUNK)
    try:
        subprocess.run([sys.executable, "-m", "bench.bench_notices", "--inner"], cwd=ROOT, env=env, check=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _workers_run(run_id: int, workers: int) -> float:
    """Wall time for `workers` forked processes to generate every chunk of the run."""
    from django.db import connections

    from portal.documents.enums import ChunkStatus
    from portal.documents.models import DocumentRunChunk
    from portal.documents.services import notices_chunk_generate

    connections.close_all()
    started = time.perf_counter()
    children = []
    for _n in range(workers):
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                while True:
                    chunk = DocumentRunChunk.objects.filter(run_id=run_id, status=ChunkStatus.PENDING).first()
                    if chunk is None:
                        break
                    notices_chunk_generate(chunk_id=chunk.pk)
            except BaseException:
                status = 1
            finally:
                connections.close_all()
                os._exit(status)
        children.append(pid)
    for pid in children:
        _pid, status = os.waitpid(pid, 0)
        assert status == 0, f"worker {pid} failed"
    return time.perf_counter() - started


def _inner() -> None:
    import django

    django.setup()
    from datetime import date

    from django.core import mail
    from django.core.management import call_command
    from django.template.loader import render_to_string

    from bench.notices_data import paperless_leases_make
    from portal.core.models import SiteSettings
    from portal.core.pdf import html_to_pdf
    from portal.documents.enums import RunStatus
    from portal.documents.ledger import notice_build
    from portal.documents.models import Document, DocumentRun
    from portal.documents.pdfs import _common
    from portal.documents.periods import period_label
    from portal.documents.services import notices_chunk_generate, notices_generate

    mail.outbox = []
    call_command("migrate", verbosity=0)
    period = date(2026, 11, 1)
    leases = paperless_leases_make(count=NOTICES, period=period)
    landlord = SiteSettings.load()
    html = {
        lease.pk: render_to_string(
            "documents/pdf/rent_notice.html",
            _common(lease, landlord)
            | {
                "notice": notice_build(lease=lease, period=period, ics=landlord.sepa_creditor_id),
                "period_label": period_label(period),
                "issued_on": period,
            },
        )
        for lease in leases
    }
    html_to_pdf(html=html[leases[0].pk])  # fonts and WeasyPrint's own start-up, paid by both sides before timing

    # One worker, in this process. Interleaved chunk by chunk, so that the machine's load falls on
    # both sides alike: WeasyPrint alone on the chunk's leases' HTML, then the whole pipeline of
    # that chunk (ledger, render, filer, record, e-mail).
    run = notices_generate(period=period, triggered_by="bench", enqueue=False)
    weasyprint_cpu = weasyprint_wall = pipeline_cpu = pipeline_wall = 0.0
    sent = 0
    # Each half collects its own garbage before its clock stops: WeasyPrint makes a lot of it, and
    # the collector would otherwise charge it to whichever half happened to run next.
    gc.collect()
    for chunk in run.chunks.order_by("number"):
        cpu, wall = time.process_time(), time.perf_counter()
        for lease_id in chunk.lease_ids:
            html_to_pdf(html=html[lease_id])
        gc.collect()
        weasyprint_cpu += time.process_time() - cpu
        weasyprint_wall += time.perf_counter() - wall
        cpu, wall = time.process_time(), time.perf_counter()
        notices_chunk_generate(chunk_id=chunk.pk)
        gc.collect()
        pipeline_cpu += time.process_time() - cpu
        pipeline_wall += time.perf_counter() - wall
        # The test mail backend keeps every message in memory, which a mail server does not: counted
        # and let go, so that the collector does not walk the month's e-mails again and again.
        sent += len(mail.outbox)
        mail.outbox = []
    weasyprint_rate = len(html) / weasyprint_wall
    weasyprint_cpu /= len(html)
    pipeline_cpu /= NOTICES
    one_rate = NOTICES / pipeline_wall
    run.refresh_from_db()
    assert (run.status, run.created_count) == (RunStatus.DONE, NOTICES), run.errors
    assert Document.objects.count() == NOTICES and sent == NOTICES

    # Two workers: the same month again on fresh notices (those of the first pass removed).
    Document.objects.all().delete()
    DocumentRun.objects.all().delete()
    run = notices_generate(period=period, triggered_by="bench", enqueue=False)
    two_rate = NOTICES / _workers_run(run.pk, 2)
    run.refresh_from_db()
    assert (run.status, run.created_count) == (RunStatus.DONE, NOTICES), run.errors

    cores = os.cpu_count() or 1
    per_core = 1 / pipeline_cpu
    print(f"WeasyPrint seul (même HTML) : {weasyprint_cpu * 1000:.0f} ms CPU par avis ({weasyprint_rate:.1f} avis/s)")
    print(f"chaîne complète (lots de {CHUNK}) : {pipeline_cpu * 1000:.0f} ms CPU par avis, sur {NOTICES} avis")
    print(f"ratio WeasyPrint seul / chaîne complète (CPU) : {weasyprint_cpu / pipeline_cpu:.2f} (objectif ≥ 0,85)")
    print(f"débit 1 worker : {one_rate:.1f} avis/s ; 2 workers : {two_rate:.1f} avis/s ; x{two_rate / one_rate:.2f}")
    print(f"soit {per_core:.1f} avis/s par cœur ({cores} cœurs sur cette machine, partagés)")
    for count in (2, 8, 32):
        minutes = 350_000 / (per_core * count) / 60
        print(f"350 000 baux sur {count:>2} cœurs : {minutes:>5.0f} min")


if __name__ == "__main__":
    if "--inner" in sys.argv:
        _inner()
    else:
        main()
