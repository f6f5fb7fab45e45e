"""The « Communication » group edits and publishes the public content, and sees no tenant data."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from faq.groups import WORKFLOW_NAME
from faq.models import FaqQuestionPage
from home.groups import editor_access_sync
from tests.conftest import MODEL_BACKEND, assert_admin_refused
from tests.factories import StaffUserFactory
from tests.faq.factories import faq_page_create, faq_question_page, home_page, livret_page_create

TENANT_SCREENS = [
    "leases_agency",
    "leases_residence",
    "leases_unit",
    "leases_lease",
    "leases_signatory",
    "leases_householdmember",
    "leases_staffcontact",
    "online_payments",
    "tenant_requests",
    "dossier_changes",
    "dossier_insurance",
    "documents_document",
    "documents_run",
    "erp_importrun",
    "erp_exportrun",
]


@pytest.fixture
def editor(db):
    return StaffUserFactory(email="communication@example.org", group="Communication")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor, backend=MODEL_BACKEND)
    return client


@pytest.mark.django_db
def test_a_fresh_install_gives_communication_the_pages_and_media():
    group = Group.objects.get(name="Communication")
    root = Page.get_first_root_node()
    page_perms = set(
        GroupPagePermission.objects.filter(group=group, page=root).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= page_perms
    collection_perms = set(
        GroupCollectionPermission.objects.filter(group=group).values_list("permission__codename", flat=True)
    )
    assert {"add_document", "choose_document", "add_image", "choose_image"} <= collection_perms
    count = GroupPagePermission.objects.count()
    editor_access_sync()
    assert GroupPagePermission.objects.count() == count


@pytest.mark.django_db
def test_editor_reaches_pages_news_settings_and_documents(editor_client):
    faq = faq_page_create()
    urls = [
        reverse("wagtailadmin_explore", args=[home_page().pk]),
        reverse("wagtailadmin_pages:edit", args=[faq.pk]),
        reverse("wagtailadmin_pages:add", args=["faq", "contentpage", home_page().pk]),
        reverse("wagtailsnippets_home_announcement:add"),
        reverse("wagtailsettings:edit", args=["core", "sitesettings"]),
        reverse("wagtaildocs:index"),
        reverse("wagtailimages:index"),
    ]
    for url in urls:
        response = editor_client.get(url, follow=True)
        # The screen itself, not the login page a redirect would lead to.
        assert response.status_code == 200, url
        assert response.resolver_match.url_name != "wagtailadmin_login", url
        assert 'name="password"' not in response.text, url
        # Proof that access is the editor's: an anonymous visitor is sent to the login page.
        anonymous = Client().get(url, follow=True)
        assert 'name="password"' in anonymous.text, url


@pytest.mark.django_db
def test_editor_sees_no_tenant_data(editor_client, tenant):
    lease = tenant.signatory.lease
    for name in TENANT_SCREENS:
        assert_admin_refused(editor_client.get(reverse(f"{name}:index")))
    assert_admin_refused(editor_client.get(reverse("leases_lease:edit", args=[lease.pk])))
    # Staff have no lease: the tenant space refuses them.
    assert editor_client.get("/espace/").status_code == 403
    assert editor_client.get("/django-admin/accounts/user/").status_code == 403


@pytest.mark.django_db
def test_editor_menu_has_content_and_no_tenant_screens(editor, rf):
    request = rf.get("/admin/")
    request.user = editor
    labels = [str(item.label) for item in admin_menu.menu_items_for_request(request)]
    assert "Actualités" in labels
    assert "Pages" in labels
    assert "Patrimoine" not in labels


@pytest.mark.django_db
def test_faq_and_livret_go_through_the_moderation_workflow(editor, client):
    faq, livret = faq_page_create(), livret_page_create()
    workflow = editor_access_sync()
    assert workflow.name == WORKFLOW_NAME
    assert faq.get_workflow() == workflow
    assert livret.get_workflow() == workflow
    assert home_page().get_workflow() is None

    question = faq_question_page(faq, "Comment créer mon compte ?")
    assert question.get_workflow() == workflow, "the FAQ's questions go through the FAQ's workflow"
    question.answer = "<p>Réponse relue et approuvée.</p>"
    question.save_revision(user=editor)
    state = workflow.start(question, editor)
    assert "Réponse relue et approuvée." not in client.get(faq.url).content.decode()

    state.current_task_state.task.specific.on_action(state.current_task_state, editor, "approve")

    assert "Réponse relue et approuvée." in client.get(faq.url).content.decode()


@pytest.mark.django_db
def test_editor_cannot_skip_the_workflow(editor_client):
    faq = faq_page_create()
    editor_access_sync()
    edit_url = reverse("wagtailadmin_pages:edit", args=[faq.pk])

    html = editor_client.get(edit_url).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html

    response = editor_client.post(edit_url, {"title": "Piratée", "action-publish": "1"})
    assert response.status_code == 302
    faq.refresh_from_db()
    assert faq.title == "Questions fréquentes"


def _draft_change(page, editor, answer):
    page.answer = answer
    return page.save_revision(user=editor)


@pytest.mark.django_db
def test_editor_cannot_publish_a_faq_question_through_the_bulk_action(editor, editor_client, client):
    faq = faq_page_create()
    editor_access_sync()
    question = faq_question_page(faq, "Comment créer mon compte ?")
    _draft_change(question, editor, "<p>Réponse jamais relue.</p>")

    editor_client.post(f"/admin/bulk/wagtailcore/page/publish/?id={question.pk}", {"include_descendants": ""})
    editor_client.post(f"/admin/bulk/wagtailcore/page/publish/?id={faq.pk}", {"include_descendants": "on"})

    assert "Réponse jamais relue." not in client.get(faq.url).content.decode()
    question.refresh_from_db()
    assert question.has_unpublished_changes


@pytest.mark.django_db
def test_editor_cannot_publish_a_faq_question_from_its_edit_view(editor, editor_client, client):
    faq = faq_page_create()
    editor_access_sync()
    question = faq_question_page(faq, "Comment créer mon compte ?")
    edit_url = reverse("wagtailadmin_pages:edit", args=[question.pk])

    html = editor_client.get(edit_url).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html
    editor_client.post(edit_url, {"title": question.title, "slug": question.slug, "answer": "", "action-publish": "1"})

    assert "Munissez-vous de votre numéro de locataire" in client.get(faq.url).content.decode()


@pytest.mark.django_db
def test_editor_cannot_create_and_publish_a_new_faq_question_in_one_go(editor_client):
    faq = faq_page_create()
    editor_access_sync()
    theme = faq_question_page(faq, "Comment créer mon compte ?").get_parent()
    add_url = reverse("wagtailadmin_pages:add", args=["faq", "faqquestionpage", theme.pk])
    assert 'name="action-publish"' not in editor_client.get(add_url).content.decode()

    answer = {
        "blocks": [{"key": "a1b2c", "text": "Jamais relue.", "type": "unstyled", "depth": 0}],
        "entityMap": {},
    }
    form = {"title": "Question jamais relue ?", "slug": "jamais-relue", "answer": json.dumps(answer)}
    editor_client.post(add_url, {**form, "action-publish": "1"})

    created = FaqQuestionPage.objects.get(slug="jamais-relue")
    assert not created.live
    assert "Question jamais relue" not in Client().get(faq.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["bulk", "menu"])
def test_editor_cannot_unpublish_the_faq_or_the_livret(editor_client, client, path):
    faq, livret = faq_page_create(), livret_page_create()
    editor_access_sync()

    for page in (faq, livret, faq_question_page(faq, "Comment créer mon compte ?")):
        if path == "bulk":
            editor_client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}", {"include_descendants": ""})
        else:
            editor_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {})
        page.refresh_from_db()
        assert page.live
        assert client.get(page.url, follow=True).status_code == 200


@pytest.mark.django_db
def test_editor_still_publishes_and_unpublishes_other_pages_directly(editor_client):
    editor_access_sync()
    other = home_page()
    assert other.get_workflow() is None
    editor = Group.objects.get(name="Communication").user_set.first()
    assert other.permissions_for_user(editor).can_publish()
