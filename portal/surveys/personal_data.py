"""The surveys' part of « Télécharger mes données »: the lease's answers and the files joined to them."""

from portal.space.personal_data import Files, People, row

from .models import TaxDocument
from .selectors import lease_responses


def survey_answers_collect(*, lease, people: People, files: Files) -> list[dict]:
    answers = []
    for response in lease_responses(lease=lease).prefetch_related("occupants", "tax_notices"):
        answers.append(
            {
                **row(response, people, skip=("accepted_by",)),
                "enquete": str(response.campaign),
                "occupants": [row(occupant, people) for occupant in response.occupants.all()],
                "avis_imposition": [row(notice, people) for notice in response.tax_notices.all()],
                "justificatifs": [
                    {
                        **row(document, people, skip=("file", "thumbnail")),
                        "fichier": files.add(
                            "enquetes", f"{response.pk}-{document.pk}", document.original_name, document.file
                        ),
                    }
                    for document in TaxDocument.objects.filter(response=response)
                ],
            }
        )
    return answers
