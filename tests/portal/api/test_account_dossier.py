"""The tenant and lease, « Mes contacts », « MON DOSSIER », news, the public pages and the schema."""

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from home.models import Announcement
from portal.dossier.enums import ChangeKind, ChangeStatus
from portal.dossier.models import ChangeRequest
from portal.leases.enums import StaffRole
from tests.factories import HouseholdMemberFactory, SignatoryFactory, StaffContactFactory


def pdf_upload(name="attestation.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def test_me_gives_the_tenant_the_lease_and_the_landlord(api, tenant):
    lease = tenant.signatory.lease
    SignatoryFactory(lease=lease, first_name="Karim", last_name="MARTIN")

    body = api.get("/me").json()

    assert body["tenant"]["email"] == tenant.email
    assert body["lease"]["tenant_number"] == lease.tenant_number
    assert body["lease"]["residence"]["city"] == "Nîmes"
    assert {s["first_name"] for s in body["lease"]["signatories"]} == {"Marie", "Karim"}
    assert body["landlord"]["support_email"]


def test_contacts_are_those_of_the_tenants_residence(api, tenant):
    residence = tenant.signatory.lease.residence
    own = StaffContactFactory(role=StaffRole.CARETAKER, last_name="Gardien", agency=residence.agency)
    own.residences.add(residence)
    StaffContactFactory(role=StaffRole.CARETAKER, last_name="Ailleurs")

    body = api.get("/contacts").json()

    assert [c["last_name"] for c in body["caretakers"]] == ["Gardien"]
    assert body["caretakers"][0]["address"] == residence.agency.address
    assert body["agency"]["name"] == residence.agency.name


def test_dossier_reads_contact_household_and_insurance(api, tenant):
    signatory = tenant.signatory
    signatory.mobile_phone = "+33612345678"
    signatory.save()
    HouseholdMemberFactory(lease=signatory.lease, first_name="Léo")

    body = api.get("/dossier").json()

    assert body["contact"]["mobile_phone"] == "+33612345678"
    assert [m["first_name"] for m in body["household"]] == ["Léo"]
    assert body["insurance"]["status"] == "missing"
    assert body["insurance"]["status_label"] == "Manquante"


def test_a_phone_change_is_sent_to_staff_not_applied(api, tenant):
    response = api.post("/dossier/contact", {"mobile_phone": "06 11 22 33 44"})

    assert response.status_code == 201
    assert response.json()["status"] == "pending" and response.json()["kind"] == "contact"
    change = ChangeRequest.objects.get()
    assert change.payload["after"]["mobile_phone"] == "+33611223344"
    tenant.signatory.refresh_from_db()
    assert tenant.signatory.mobile_phone == ""
    assert [c["kind"] for c in api.get("/dossier").json()["pending_changes"]] == ["contact"]


def test_contact_changes_get_the_webs_messages(api, tenant):
    nothing = api.post("/dossier/contact", {})
    bad = api.post("/dossier/contact", {"mobile_phone": "abc", "email": "pas-une-adresse"})

    assert nothing.status_code == 400
    assert nothing.json()["message"] == "Indiquez au moins un numéro de téléphone pour que nous puissions vous joindre."
    assert bad.json()["fields"]["email"] == [
        "Saisissez une adresse e-mail complète, par exemple prenom.nom@exemple.fr."
    ]
    assert "mobile_phone" in bad.json()["fields"]
    assert not ChangeRequest.objects.exists()


def test_household_add_change_and_departure(api, tenant):
    member = HouseholdMemberFactory(lease=tenant.signatory.lease)
    added = api.post(
        "/dossier/household",
        {"last_name": "Dupont", "first_name": "Zoé", "birth_date": "2020-04-02", "relationship": "child"},
    )
    future = api.post(
        "/dossier/household",
        {"last_name": "Dupont", "first_name": "Zoé", "birth_date": "2099-01-01", "relationship": "child"},
    )
    unchanged = api.post(
        f"/dossier/household/{member.pk}",
        {"last_name": "Dupont", "first_name": "Léo", "birth_date": "2015-02-01", "relationship": "child"},
    )
    departure = api.post(f"/dossier/household/{member.pk}/departure")

    assert added.status_code == 201
    assert future.json()["fields"]["birth_date"] == ["La date de naissance ne peut pas être dans le futur."]
    assert unchanged.json()["message"] == "Vous n'avez rien modifié."
    assert departure.status_code == 201
    assert sorted(ChangeRequest.objects.values_list("kind", flat=True)) == [
        ChangeKind.HOUSEHOLD_ADD,
        ChangeKind.HOUSEHOLD_REMOVE,
    ]


def test_another_leases_occupant_is_a_404(api, other_tenant):
    foreign = HouseholdMemberFactory(lease=other_tenant.signatory.lease)

    change = api.post(f"/dossier/household/{foreign.pk}", {"first_name": "X"})
    departure = api.post(f"/dossier/household/{foreign.pk}/departure")

    assert (change.status_code, departure.status_code) == (404, 404)
    assert not ChangeRequest.objects.exists()


def test_insurance_needs_its_certificate_checked_from_its_content(api, tenant):
    fields = {
        "insurer": "MAIF",
        "policy_number": "A-123",
        "valid_from": str(date.today()),
        "valid_until": str(date.today() + timedelta(days=365)),
    }

    missing = api.post_multipart("/dossier/insurance", fields)
    fake = api.post_multipart(
        "/dossier/insurance", {**fields, "certificate": SimpleUploadedFile("a.pdf", b"MZ" + b"\0" * 50)}
    )
    sent = api.post_multipart("/dossier/insurance", {**fields, "certificate": pdf_upload()})

    assert missing.json()["fields"]["certificate"] == [
        "Joignez votre attestation d'assurance : elle est indispensable."
    ]
    assert fake.status_code == 400 and "certificate" in fake.json()["fields"]
    assert sent.status_code == 201
    change = ChangeRequest.objects.get()
    assert change.status == ChangeStatus.PENDING and change.certificate_content_type == "application/pdf"
    assert api.get("/dossier").json()["insurance"]["status"] == "pending"


def test_news_are_those_for_everyone_and_the_tenants_residence(api, tenant, other_tenant):
    today = timezone.localdate()
    Announcement.objects.create(title="Pour tous", text="<p>Bonjour</p>", show_from=today, live=True)
    own = Announcement.objects.create(
        title="Coupure d'eau", kind="alert", text="<p>Mardi</p>", show_from=today, live=True
    )
    own.residences.add(tenant.signatory.lease.residence)
    own.save()
    elsewhere = Announcement.objects.create(title="Ailleurs", text="<p>x</p>", show_from=today, live=True)
    elsewhere.residences.add(other_tenant.signatory.lease.residence)
    elsewhere.save()

    titles = [item["title"] for item in api.get("/news").json()]

    assert titles == ["Coupure d'eau", "Pour tous"]


def test_public_pages_come_from_wagtails_api(client, db):
    response = client.get("/api/cms/pages/")

    assert response.status_code == 200
    assert "items" in response.json()


def test_the_schema_and_its_documentation_are_served_locally(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    docs = client.get("/api/v1/docs")

    assert schema["openapi"].startswith("3.")
    assert "/api/v1/requests/{request_id}/complements" in schema["paths"]
    assert "Pagination" in schema["info"]["description"]
    assert schema["components"]["securitySchemes"]["DeviceBearer"]["scheme"] == "bearer"
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "unsafe-inline" not in docs["Content-Security-Policy"]
    # The only inline <script> is a JSON data block, which CSP does not run.
    assert html.count("<script>") == 0
