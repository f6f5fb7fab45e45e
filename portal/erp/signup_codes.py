"""Import of the signatories' personal sign-up codes (mode renforcé of « Créer mon compte »).

File « signup_codes.csv » (or signup_codes_AAAAMMJJ.csv): one line per signatory,
`code_signataire;code_inscription`. Importing the same file twice changes nothing, even for a
code already used; a new code for a signatory replaces the old one and can serve once.
"""

import re

from django.utils.translation import gettext as _

from portal.accounts.signup_codes import code_normalize, signup_codes_set
from portal.core.csvfiles import RowError, required
from portal.leases.models import Signatory

from .enums import ImportKind
from .importers import IMPORTERS, Importer, _known, _unknown

CODE_FORMAT = re.compile(r"^[A-Z0-9]{8,40}$")


class SignupCodeImporter(Importer):
    kind = ImportKind.SIGNUP_CODES
    columns = ("code_signataire", "code_inscription")

    def import_chunk(self, chunk):
        signatories = _known(Signatory, (row["code_signataire"] for _line, row in chunk))
        codes: dict[int, str] = {}
        for line, row in chunk:
            try:
                external_id = required(row, "code_signataire")
                code = code_normalize(required(row, "code_inscription"))
                if not CODE_FORMAT.match(code):
                    raise RowError(_("code d'inscription invalide : 8 à 40 lettres ou chiffres attendus"))
                if external_id not in signatories:
                    raise _unknown(_("signataire"), external_id)
                if self.first_time("signataire", external_id, (code,)):
                    codes[signatories[external_id]] = code
            except RowError as error:
                self.report.error(line, str(error))
        report = signup_codes_set(codes=codes)
        self.report.created += report.created
        self.report.updated += report.updated
        self.report.unchanged += report.unchanged


IMPORTERS[SignupCodeImporter.kind] = SignupCodeImporter
