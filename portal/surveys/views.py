"""Tenant pages of the survey: its summary, then « Votre foyer » -> « Vos ressources » -> « Vérifier et envoyer».

Every step saves into the lease's one Response, so either signatory resumes where the other stopped.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.leases.decorators import tenant_required

from . import selectors, services
from .enums import ResponseStatus
from .forms import OccupantFormSet, SubmitForm, TaxDocumentsForm, TaxNoticeFormSet

SAVED_MESSAGE = gettext_lazy(
    "Vos réponses sont enregistrées : vous pourrez reprendre plus tard, vous ou l'autre signataire."
)


STEPS = (
    ("household", gettext_lazy("Votre foyer"), "surveys:household"),
    ("resources", gettext_lazy("Vos ressources"), "surveys:resources"),
    ("submit", gettext_lazy("Vérifier et envoyer"), "surveys:submit"),
)


def _step_context(response, current: str) -> dict:
    steps = [{"key": key, "label": label, "url_name": url_name} for key, label, url_name in STEPS]
    number = next(i for i, step in enumerate(steps, start=1) if step["key"] == current)
    return {
        "response": response,
        "campaign": response.campaign,
        "steps": steps,
        "current_step": current,
        "step_number": number,
        "step_label": steps[number - 1]["label"],
    }


@tenant_required
def index(request):
    """« Enquête SLS 2027 »: what it is, where the lease's answer stands, and the way in."""
    response = selectors.lease_current_response(lease=request.lease, today=timezone.localdate())
    context = {"response": response}
    if response is not None:
        context.update(
            campaign=response.campaign,
            missing=selectors.response_missing(response=response) if response.is_editable else [],
            events=response.events.select_related("author", "acknowledgement"),
            retention_days=settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS,
        )
    return render(request, "surveys/index.html", context)


def _editable_or_redirect(request, response_id):
    response = selectors.lease_response(lease=request.lease, response_id=response_id)
    if not response.is_editable:
        messages.info(request, _("Votre réponse est envoyée : elle ne peut plus être modifiée."))
        return response, redirect("surveys:index")
    return response, None


def _after_save(request, response, next_url_name: str):
    if request.POST.get("action") == "save":
        messages.success(request, SAVED_MESSAGE)
        return redirect("surveys:index")
    return redirect(next_url_name, response.pk)


@tenant_required
@require_http_methods(["GET", "POST"])
def household(request, pk):
    response, leave = _editable_or_redirect(request, pk)
    if leave:
        return leave
    reference_day = response.campaign.household_on
    initial = selectors.household_prefill(response=response)
    kwargs = {"initial": initial, "prefix": "occupants", "form_kwargs": {"reference_day": reference_day}}
    if request.method == "POST":
        formset = OccupantFormSet(request.POST, **kwargs)
        if formset.is_valid():
            try:
                services.response_household_save(
                    response=response,
                    user=request.user,
                    occupants=[services.OccupantData(**data) for data in _occupant_values(formset)],
                )
            except services.SurveyError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                return _after_save(request, response, "surveys:resources")
    else:
        formset = OccupantFormSet(**kwargs)
    return render(
        request,
        "surveys/household.html",
        {**_step_context(response, "household"), "formset": formset, "reference_day": reference_day},
        status=400 if request.method == "POST" else 200,
    )


def _occupant_values(formset) -> list[dict]:
    fields = ("last_name", "first_name", "birth_date", "link", "situation", "mobility_card")
    return [
        {
            **{name: data[name] for name in fields},
            "signatory_id": data.get("signatory_id"),
            "household_member_id": data.get("household_member_id"),
        }
        for data in formset.occupants()
    ]


@tenant_required
@require_http_methods(["GET", "POST"])
def resources(request, pk):
    response, leave = _editable_or_redirect(request, pk)
    if leave:
        return leave
    kwargs = {"initial": selectors.tax_notices_prefill(response=response), "prefix": "avis"}
    documents = list(response.tax_documents.all())
    if request.method == "POST":
        formset = TaxNoticeFormSet(request.POST, **kwargs)
        files_form = TaxDocumentsForm(request.POST, request.FILES, documents=documents)
        files_form.is_valid()
        # The good files are kept whatever else is wrong on the page: nothing uploaded is lost.
        try:
            services.tax_documents_remove(response=response, user=request.user, document_ids=files_form.removed_ids())
            for clean in files_form.valid_files:
                services.tax_document_add(response=response, user=request.user, clean=clean)
        except services.SurveyError as error:
            files_form.add_error("files", error)
        documents = list(response.tax_documents.all())
        files_form.fields["remove"].choices = [(str(d.pk), d.original_name) for d in documents]
        if formset.is_valid() and not files_form.errors:
            if documents or request.POST.get("action") == "save":
                services.response_resources_save(
                    response=response,
                    user=request.user,
                    notices=[services.TaxNoticeData(**data) for data in formset.notices()],
                )
                return _after_save(request, response, "surveys:submit")
            files_form.add_error("files", _("Joignez votre avis d'imposition : il est indispensable."))
        status = 400
    else:
        formset = TaxNoticeFormSet(**kwargs)
        files_form = TaxDocumentsForm(documents=documents)
        status = 200
    return render(
        request,
        "surveys/resources.html",
        {**_step_context(response, "resources"), "formset": formset, "files_form": files_form, "documents": documents},
        status=status,
    )


@tenant_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    response, leave = _editable_or_redirect(request, pk)
    if leave:
        return leave
    complement_required = response.status == ResponseStatus.INCOMPLETE
    if request.method == "POST":
        form = SubmitForm(request.POST, complement_required=complement_required)
        if form.is_valid():
            try:
                services.response_submit(
                    response=response,
                    user=request.user,
                    complement_answer=form.cleaned_data.get("complement_answer", ""),
                )
            except services.SurveyError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Votre réponse est envoyée. L'accusé de réception est dans « Mes documents » "
                        "et vous est envoyé par e-mail."
                    ),
                )
                return redirect("surveys:index")
    else:
        form = SubmitForm(complement_required=complement_required)
    return render(
        request,
        "surveys/submit.html",
        {
            **_step_context(response, "submit"),
            "form": form,
            "occupants": response.occupants.all(),
            "notices": response.tax_notices.all(),
            "documents": response.tax_documents.all(),
            "missing": selectors.response_missing(response=response),
        },
        status=400 if request.method == "POST" else 200,
    )
