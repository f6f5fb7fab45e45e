"""The leases file on PostgreSQL, set-based: `LeaseImporter` (importers.py) runs these steps there
and keeps its chunked path for SQLite, with the same rules, counts and messages.

A file of 350,000 leases (one line per signatory) is COPYed with its line numbers into a temporary
table. Each line's format is checked on the way in by `LeaseImporter.parse` itself, so that those
messages are the row path's own. Then two statements check, for every line, what depends on the
database (unknown residence, unknown lot, tenant number owned by another lease) and on the other
lines (tenant number, lease or signatory already met higher in the file with other values), in
the row path's order, keeping the first check a line fails. The leases (adopted, updated,
created), their lots and their signatories are then written with one statement each.

The row path reads the database chunk by chunk (`chunk_size` lines): a tenant number written by
an earlier chunk is refused as « owned », one written earlier in the same chunk as « repeated ».
The checks reproduce that from each line's rank in the file. What they do not reproduce is left to
the row path, the whole file at once (`_fallback_reason`): a lease that changes its tenant number
while a line of another lease claims the old one; a lease whose first line is refused for its
signatory (the row path then leaves the lease to its next line); a lease that would adopt a
portal lease while its identifier is already another lease's (the row path stops on the unique
constraint). A clean file never meets them.
"""

from collections.abc import Callable, Iterable, Iterator

from django.db import connection

from portal.core.csvfiles import RowError
from portal.leases.models import Lease, Residence, Signatory, Unit

COLUMNS = (
    "code_bail",
    "numero_locataire",
    "code_residence",
    "codes_lots",
    "date_entree",
    "date_sortie",
    "code_signataire",
    "nom",
    "prenom",
    "date_naissance",
    "courriel",
    "telephone",
    "mobile",
)
STAGING = "erp_lease_staging"
LINES = "erp_lease_lines"
CHECKS = "erp_lease_checks"
LEASES = "erp_lease_writes"
SIGNATORIES = "erp_lease_signatory_writes"
PROGRESS_STEP = 20_000
WORK_MEM = "64MB"

Line = tuple[int, dict[str, str]]


def lease_file_stage(rows: Iterable[Line], parse: Callable, progress=None) -> None:
    """COPY every line, its number, its rank in the file and either its typed values or the
    message of the first format check it fails (`parse` raises RowError)."""
    with connection.cursor() as cursor:
        # For this transaction: sorts of the whole file in memory, and no JIT compilation (seconds
        # per statement, for statements that each read the file once).
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}, {LINES}, {CHECKS}, {LEASES}, {SIGNATORIES}")
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {STAGING} (
                ordinal integer NOT NULL, line integer NOT NULL, parse_error text,
                {", ".join(f"{column} text NOT NULL" for column in COLUMNS)},
                start_date date, end_date date, birth_date date, unit_codes text
            )"""
        )
        copied = 0
        with cursor.cursor.copy(
            f"COPY {STAGING} (ordinal, line, parse_error, {', '.join(COLUMNS)}, "
            "start_date, end_date, birth_date, unit_codes) FROM STDIN"
        ) as copy:
            for ordinal, (line, row) in enumerate(rows):
                try:
                    _code, lease, _residence, unit_codes, signatory, _row = parse(row)
                    typed = (
                        None,
                        lease["start_date"],
                        lease["end_date"],
                        signatory["birth_date"] if signatory else None,
                        # Cheaper to COPY than an array; a lot code never holds a comma (the separator).
                        ",".join(unit_codes),
                    )
                except RowError as error:
                    typed = (str(error), None, None, None, None)
                copy.write_row((ordinal, line, typed[0], *(row[column] for column in COLUMNS), *typed[1:]))
                copied += 1
                if progress is not None and copied % PROGRESS_STEP == 0:
                    progress.update(PROGRESS_STEP)
        if progress is not None:
            progress.update(copied % PROGRESS_STEP)
        cursor.execute(f"ANALYZE {STAGING}")


def lease_file_check(*, chunk_size: int) -> str | None:
    """Find each line's first failed check, in the row path's order; return why the row path must
    take this file instead, or None.

    `error` is NULL for a good line, else parse, residence, unit (detail: the unknown lot), owner
    (detail: the lease that owns the number), number, lease or signatory (already met with other
    values). A lease is written from its first good line (`lease_first`), a signatory likewise."""
    leases = Lease._meta.db_table
    with connection.cursor() as cursor:
        # The checks that look at one line and the database: residence, lots, number's owner.
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {LINES} AS
            WITH units AS (
                SELECT c.ordinal,
                       (array_agg(c.code ORDER BY c.position) FILTER (WHERE u.id IS NULL))[1] AS unknown_unit,
                       array_agg(DISTINCT u.id ORDER BY u.id) FILTER (WHERE u.id IS NOT NULL) AS unit_ids
                FROM (SELECT s.ordinal, c.code, c.position FROM {STAGING} s
                      CROSS JOIN unnest(string_to_array(s.unit_codes, ',')) WITH ORDINALITY AS c (code, position)
                      WHERE s.parse_error IS NULL) AS c
                LEFT JOIN {Unit._meta.db_table} u ON u.external_id = c.code
                GROUP BY c.ordinal
            )
            SELECT s.ordinal, s.line, s.code_bail AS code, s.numero_locataire AS number, s.start_date, s.end_date,
                   r.id AS residence_id, COALESCE(un.unit_ids, '{{}}') AS unit_ids,
                   s.code_signataire AS signatory, s.nom AS last_name, s.prenom AS first_name, s.birth_date,
                   s.courriel AS email, s.telephone AS phone, s.mobile AS mobile_phone,
                   o.id AS holder_id, o.external_id AS holder,
                   CASE
                     WHEN s.parse_error IS NOT NULL THEN 'parse'
                     WHEN r.id IS NULL THEN 'residence'
                     WHEN un.unknown_unit IS NOT NULL THEN 'unit'
                     WHEN o.external_id <> s.code_bail THEN 'owner'
                   END AS error,
                   CASE
                     WHEN s.parse_error IS NOT NULL THEN s.parse_error
                     WHEN un.unknown_unit IS NOT NULL THEN un.unknown_unit
                     ELSE o.external_id
                   END AS detail
            FROM {STAGING} s
            LEFT JOIN {Residence._meta.db_table} r ON r.external_id = s.code_residence
            LEFT JOIN units un ON un.ordinal = s.ordinal
            LEFT JOIN {leases} o ON o.tenant_number = s.numero_locataire AND s.parse_error IS NULL"""
        )
        cursor.execute(f"ANALYZE {LINES}")
        # The checks against the lines above, each among the lines that passed the previous one
        # (partitions sorted in byte order, COLLATE "C": the same groups, a cheaper sort).
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {CHECKS} AS
            WITH numbers AS (
                SELECT ordinal,
                       first_value(code) OVER (PARTITION BY number COLLATE "C" ORDER BY ordinal) AS number_first
                FROM {LINES} WHERE error IS NULL
            ),
            lease_lines AS (
                SELECT l.ordinal, row_number() OVER w = 1 AS lease_first,
                       (l.number, l.start_date, l.end_date, l.residence_id, l.unit_ids) IS NOT DISTINCT FROM (
                           first_value(l.number) OVER w, first_value(l.start_date) OVER w,
                           first_value(l.end_date) OVER w, first_value(l.residence_id) OVER w,
                           first_value(l.unit_ids) OVER w
                       ) AS lease_same
                FROM {LINES} l JOIN numbers n ON n.ordinal = l.ordinal AND n.number_first = l.code
                WINDOW w AS (PARTITION BY l.code COLLATE "C" ORDER BY l.ordinal)
            ),
            signatory_lines AS (
                SELECT l.ordinal, row_number() OVER w = 1 AS signatory_first,
                       (l.code, l.last_name, l.first_name, l.birth_date, l.email, l.phone, l.mobile_phone)
                       IS NOT DISTINCT FROM (
                           first_value(l.code) OVER w, first_value(l.last_name) OVER w,
                           first_value(l.first_name) OVER w, first_value(l.birth_date) OVER w,
                           first_value(l.email) OVER w, first_value(l.phone) OVER w,
                           first_value(l.mobile_phone) OVER w
                       ) AS signatory_same
                FROM {LINES} l JOIN lease_lines e ON e.ordinal = l.ordinal AND e.lease_same
                WHERE l.signatory <> ''
                WINDOW w AS (PARTITION BY l.signatory COLLATE "C" ORDER BY l.ordinal)
            )
            SELECT l.ordinal, l.ordinal / %s AS chunk, l.line, l.code, l.number, l.start_date, l.end_date,
                   l.residence_id, l.unit_ids, l.signatory, l.last_name, l.first_name, l.birth_date, l.email,
                   l.phone, l.mobile_phone, l.holder_id, l.holder, n.number_first,
                   COALESCE(e.lease_first, false) AS lease_first,
                   COALESCE(g.signatory_first, false) AS signatory_first,
                   COALESCE(l.error, CASE WHEN n.number_first <> l.code THEN 'number'
                                          WHEN NOT e.lease_same THEN 'lease'
                                          WHEN NOT g.signatory_same THEN 'signatory' END) AS error,
                   l.detail
            FROM {LINES} l
            LEFT JOIN numbers n ON n.ordinal = l.ordinal
            LEFT JOIN lease_lines e ON e.ordinal = l.ordinal
            LEFT JOIN signatory_lines g ON g.ordinal = l.ordinal""",
            [chunk_size],
        )
        cursor.execute(f"DROP TABLE {LINES}")
        cursor.execute(f"CREATE INDEX ON {CHECKS} (code)")
        cursor.execute(f"ANALYZE {CHECKS}")
        reason = _fallback_reason(cursor)
        if reason is None:
            # The row path reads the tenant numbers once per chunk: a number written by an earlier
            # chunk is owned by its lease, one written earlier in the same chunk is « repeated ».
            cursor.execute(
                f"""UPDATE {CHECKS} c SET error = 'owner', detail = w.code
                    FROM {CHECKS} w
                    WHERE c.error = 'number' AND w.code = c.number_first AND w.lease_first AND w.error IS NULL
                      AND w.number = c.number AND w.chunk < c.chunk"""
            )
    return reason


def _fallback_reason(cursor) -> str | None:
    leases = Lease._meta.db_table
    cursor.execute(f"SELECT 1 FROM {CHECKS} WHERE lease_first AND error = 'signatory' LIMIT 1")
    if cursor.fetchone():
        return "the first line of a lease is refused for its signatory"
    cursor.execute(
        f"""SELECT 1 FROM {CHECKS} c
            WHERE c.error IS DISTINCT FROM 'parse' AND c.holder <> c.code
              AND EXISTS (SELECT 1 FROM {CHECKS} m
                          WHERE m.code = c.holder AND m.error IS DISTINCT FROM 'parse' AND m.number <> c.number)
            LIMIT 1"""
    )
    if cursor.fetchone():
        return "a lease changes its tenant number while another lease claims the old one"
    cursor.execute(
        f"""SELECT 1 FROM {CHECKS} c JOIN {leases} e ON e.external_id = c.code
            WHERE c.lease_first AND c.error IS NULL AND c.holder_id IS NOT NULL AND c.holder IS NULL LIMIT 1"""
    )
    if cursor.fetchone():
        return "a lease would adopt a portal lease while its identifier is already another lease's"
    return None


def lease_file_errors(*, limit: int) -> tuple[int, list[tuple[int, str, str, dict[str, str]]]]:
    """The number of refused lines and the first `limit` of them in the row path's order (chunk
    by chunk, format errors first): (line, check, detail, {column: value})."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {CHECKS} WHERE error IS NOT NULL")
        (count,) = cursor.fetchone()
        cursor.execute(
            f"""SELECT c.line, c.error, c.detail, {", ".join(f"s.{column}" for column in COLUMNS)}
                FROM {CHECKS} c JOIN {STAGING} s ON s.ordinal = c.ordinal
                WHERE c.error IS NOT NULL ORDER BY c.chunk, c.error <> 'parse', c.ordinal LIMIT %s""",
            [limit],
        )
        errors = [
            (line, check, detail, dict(zip(COLUMNS, values, strict=True)))
            for line, check, detail, *values in cursor.fetchall()
        ]
    return count, errors


def lease_file_write() -> tuple[int, int, int]:
    """Write the good lines: adopt, update and create the leases, set their lots, upsert their
    signatories. Returns (created, updated, unchanged) as the row path counts them: leases and
    signatories together, a lease whose lots alone changed counted as updated."""
    leases = Lease._meta.db_table
    signatories = Signatory._meta.db_table
    lease_units = Lease.units.through._meta.db_table
    with connection.cursor() as cursor:
        # A lease created on the portal takes the identifier of the first line bearing its number.
        cursor.execute(
            f"""UPDATE {leases} l SET external_id = c.code FROM {CHECKS} c
                WHERE c.lease_first AND c.error IS NULL AND l.id = c.holder_id AND l.external_id IS NULL"""
        )
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {LEASES} AS
            SELECT c.ordinal, c.code, c.number, c.start_date, c.end_date, c.residence_id, c.unit_ids,
                   e.id AS lease_id, e.id IS NULL AS created,
                   (e.tenant_number, e.start_date, e.end_date, e.residence_id)
                   IS DISTINCT FROM (c.number, c.start_date, c.end_date, c.residence_id) AS fields_changed,
                   COALESCE(linked.unit_ids, '{{}}') <> c.unit_ids AS units_changed
            FROM {CHECKS} c
            LEFT JOIN {leases} e ON e.external_id = c.code
            LEFT JOIN (SELECT lease_id, array_agg(unit_id ORDER BY unit_id) AS unit_ids FROM {lease_units}
                       GROUP BY lease_id) AS linked ON linked.lease_id = e.id
            WHERE c.lease_first AND c.error IS NULL"""
        )
        cursor.execute(
            f"""SELECT count(*) FILTER (WHERE created),
                       count(*) FILTER (WHERE NOT created AND (fields_changed OR units_changed)),
                       count(*) FILTER (WHERE NOT created AND NOT fields_changed AND NOT units_changed)
                FROM {LEASES}"""
        )
        created, updated, unchanged = cursor.fetchone()
        cursor.execute(
            f"""UPDATE {leases} l SET tenant_number = w.number, start_date = w.start_date, end_date = w.end_date,
                       residence_id = w.residence_id
                FROM {LEASES} w WHERE l.id = w.lease_id AND w.fields_changed"""
        )
        cursor.execute(
            f"""INSERT INTO {leases} (external_id, tenant_number, start_date, end_date, residence_id)
                SELECT code, number, start_date, end_date, residence_id FROM {LEASES} WHERE created ORDER BY ordinal"""
        )
        cursor.execute(
            f"""UPDATE {LEASES} w SET lease_id = l.id FROM {leases} l
                WHERE w.created AND l.external_id = w.code"""
        )
        cursor.execute(
            f"""DELETE FROM {lease_units} t USING {LEASES} w
                WHERE w.units_changed AND NOT w.created AND t.lease_id = w.lease_id
                  AND t.unit_id <> ALL (w.unit_ids)"""
        )
        cursor.execute(
            f"""INSERT INTO {lease_units} (lease_id, unit_id)
                SELECT w.lease_id, u.unit_id FROM {LEASES} w CROSS JOIN unnest(w.unit_ids) AS u (unit_id)
                WHERE w.units_changed
                ON CONFLICT (lease_id, unit_id) DO NOTHING"""
        )
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {SIGNATORIES} AS
            SELECT c.ordinal, c.signatory AS code, l.id AS lease_id, c.last_name, c.first_name, c.birth_date,
                   c.email, c.phone, c.mobile_phone, e.id IS NULL AS created,
                   (e.lease_id, e.last_name, e.first_name, e.birth_date, e.email, e.phone, e.mobile_phone)
                   IS DISTINCT FROM (l.id, c.last_name, c.first_name, c.birth_date, c.email, c.phone,
                                     c.mobile_phone) AS changed
            FROM {CHECKS} c
            JOIN {leases} l ON l.external_id = c.code
            LEFT JOIN {signatories} e ON e.external_id = c.signatory
            WHERE c.signatory_first AND c.error IS NULL"""
        )
        cursor.execute(
            f"""SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created AND changed),
                       count(*) FILTER (WHERE NOT created AND NOT changed)
                FROM {SIGNATORIES}"""
        )
        signatories_created, signatories_updated, signatories_unchanged = cursor.fetchone()
        cursor.execute(
            f"""UPDATE {signatories} s SET lease_id = w.lease_id, last_name = w.last_name, first_name = w.first_name,
                       birth_date = w.birth_date, email = w.email, phone = w.phone, mobile_phone = w.mobile_phone
                FROM {SIGNATORIES} w WHERE s.external_id = w.code AND w.changed AND NOT w.created"""
        )
        cursor.execute(
            f"""INSERT INTO {signatories}
                       (external_id, lease_id, last_name, first_name, birth_date, email, phone, mobile_phone)
                SELECT code, lease_id, last_name, first_name, birth_date, email, phone, mobile_phone
                FROM {SIGNATORIES} WHERE created ORDER BY ordinal"""
        )
    return (
        created + signatories_created,
        updated + signatories_updated,
        unchanged + signatories_unchanged,
    )


def lease_file_staged_rows() -> Iterator[Line]:
    """The staged lines as the file gave them, for the row path (read through a server-side cursor)."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT line, {', '.join(COLUMNS)} FROM {STAGING} ORDER BY ordinal")
        while batch := cursor.fetchmany(PROGRESS_STEP):
            for line, *values in batch:
                yield line, dict(zip(COLUMNS, values, strict=True))


def lease_file_unstage() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}, {LINES}, {CHECKS}, {LEASES}, {SIGNATORIES}")
