"""CSV as French management systems write it: `;` separator, UTF-8 (with or without BOM) or
Latin-1, decimals « 1 234,56 », dates « 29/11/2026 »."""

import csv
import functools
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

DELIMITER = ";"
_DECIMAL = re.compile(r"^[+-]?\d+(,\d{1,2})?$")
# The grouping spaces French software writes: plain, no-break and narrow no-break.
_SPACES = str.maketrans("", "", " \u00a0\u202f")
# What str.strip() removes (str.isspace()): a database reading a file itself must trim the same.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
# PostgreSQL's name (COPY … ENCODING) for each encoding `decode` may pick.
POSTGRES_ENCODINGS = {"utf-8-sig": "UTF8", "cp1252": "WIN1252", "latin-1": "LATIN1"}


class UnreadableFile(Exception):
    """The whole file is refused (binary, wrong header): nothing is imported from it."""


class RowError(Exception):
    """One line is refused; the reason is shown to staff with the line number."""


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Latin-1 (Windows-1252 superset
    for the € sign and French quotes); NUL bytes mean a binary file."""
    return _decode(raw)[0]


def _decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding `decode` read it with."""
    if b"\x00" in raw:
        raise UnreadableFile(_("le fichier n'est pas un fichier texte CSV"))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1"), "latin-1"


@dataclass
class CsvRows:
    """The data lines of a checked file: iterating yields (line number, {column: stripped value}).

    Also the file as it was read (bytes, encoding, header), for a database that can read the file
    itself (PostgreSQL's COPY) faster than Python; it must then give the same values and numbers."""

    content: bytes
    text: str
    encoding: str
    header: list[str]
    total: int
    lines: Iterator[tuple[int, dict[str, str]]]

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return self.lines

    def values_may_need_stripping(self) -> bool:
        """Whether a value of a data line may begin or end with a blank: a blank next to a delimiter
        or a line end (for a file without quotes, its lines ending in LF or CRLF)."""
        body = self.text.find("\n") + 1
        for blank in WHITESPACE.replace("\n", "").replace("\r", ""):
            if self.text.find(blank, body) < 0:
                continue
            around = (DELIMITER + blank, blank + DELIMITER, "\n" + blank, blank + "\n", blank + "\r")
            if any(self.text.find(neighbours, body) >= 0 for neighbours in around):
                return True
        return False


def read_rows(path: Path, columns: tuple[str, ...]) -> tuple[int, CsvRows]:
    """Check the header, then yield (line number, {column: stripped value}) for each non-empty line.

    Returns the number of data lines too (for the progress bar). Raises UnreadableFile before
    anything is yielded when the file is binary or its header lacks an expected column.
    """
    content = path.read_bytes()
    text, encoding = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise UnreadableFile(_("le fichier est vide")) from error
    missing = [name for name in columns if name not in header]
    if missing:
        raise UnreadableFile(
            _("en-tête inattendu : colonnes manquantes %(missing)s (attendu : %(expected)s)")
            % {"missing": ", ".join(missing), "expected": DELIMITER.join(columns)}
        )
    positions = {name: header.index(name) for name in columns}
    total = max(text.count("\n") - 1, 0) + (0 if text.endswith("\n") else 1)
    _refuse_if_cut(text, header_size=len(header))

    def rows():
        line = reader.line_num + 1
        for values in reader:
            if any(value.strip() for value in values):
                yield line, {name: values[i].strip() if i < len(values) else "" for name, i in positions.items()}
            line = reader.line_num + 1

    return total, CsvRows(content=content, text=text, encoding=encoding, header=header, total=total, lines=rows())


def _refuse_if_cut(text: str, *, header_size: int) -> None:
    """A file whose last record is cut (a transfer stopped half-way) is refused whole: no final
    newline, a quote never closed, or a last line with another number of columns than the header."""
    body = text.rstrip("\r\n")
    last_line = body.count("\n") + 1
    if "\n" not in body:
        return  # the header alone: nothing to import, nothing cut
    message = _("le fichier semble coupé à la ligne %(line)s (%(reason)s). Rien n'a été importé.")
    if not text.endswith("\n"):
        raise UnreadableFile(message % {"line": last_line, "reason": _("pas de fin de ligne après la dernière ligne")})
    if text.count('"') % 2:
        raise UnreadableFile(message % {"line": last_line, "reason": _("guillemet ouvert jamais refermé")})
    last = body.rsplit("\n", 1)[1]
    if last.count('"') % 2 == 0:  # a whole record on one line (not the end of a multi-line value)
        values = next(csv.reader([last], delimiter=DELIMITER))
        if len(values) != header_size:
            raise UnreadableFile(
                message
                % {
                    "line": last_line,
                    "reason": _("%(found)s colonnes au lieu de %(expected)s")
                    % {"found": len(values), "expected": header_size},
                }
            )


def required(row: dict[str, str], column: str) -> str:
    value = row[column]
    if not value:
        raise RowError(_("champ obligatoire vide : %(column)s") % {"column": column})
    return value


@functools.lru_cache(maxsize=8192)
def _french_date(value: str) -> date:
    # Cached: a ledger of a million lines has a few hundred distinct dates, and strptime is slow.
    return datetime.strptime(value, "%d/%m/%Y").date()


def parse_date(row: dict[str, str], column: str, *, optional: bool = False) -> date | None:
    value = row[column] if optional else required(row, column)
    if not value:
        return None
    try:
        return _french_date(value)
    except ValueError as error:
        raise RowError(
            _("date invalide « %(value)s » dans %(column)s (attendu JJ/MM/AAAA)") % {"value": value, "column": column}
        ) from error


def parse_decimal(row: dict[str, str], column: str) -> Decimal:
    value = required(row, column)
    compact = value.translate(_SPACES)
    if not _DECIMAL.match(compact):
        raise RowError(
            _("montant invalide « %(value)s » dans %(column)s (attendu par exemple 1 234,56 ou -35,00)")
            % {"value": value, "column": column}
        )
    return Decimal(compact.replace(",", ".")).quantize(Decimal("0.01"))


def parse_choice(row: dict[str, str], column: str, choices: dict[str, str]) -> str:
    value = required(row, column)
    try:
        return choices[value.upper()]
    except KeyError as error:
        raise RowError(
            _("valeur inconnue « %(value)s » dans %(column)s (valeurs possibles : %(choices)s)")
            % {"value": value, "column": column, "choices": ", ".join(choices)}
        ) from error


def french_decimal(value: Decimal) -> str:
    """-1234.5 -> "-1234,50": no grouping space, so that the management system reads it back."""
    return f"{value:.2f}".replace(".", ",")


def french_date(value: date | datetime | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def french_datetime(value: datetime | None) -> str:
    return f"{value:%d/%m/%Y %H:%M:%S}" if value else ""


# A spreadsheet runs a cell starting with one of these as a formula (OWASP « CSV injection »).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+([,.]\d+)?$")


def csv_cell(value: object) -> str:
    """A cell that a spreadsheet shows as typed: text that would start a formula (« =HYPERLINK(…) »,
    « @SUM(…) ») gets a leading apostrophe; numbers (« -35,00 ») stay numbers."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.match(text):
        return f"'{text}"
    return text


def csv_bytes(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    """Every CSV the portal writes goes through here, so every text cell is neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_cell(column) for column in columns])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
