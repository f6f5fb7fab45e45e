"""The FAQ and the livret go through their moderation workflow: editors submit, a reviewer approves."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Workflow, WorkflowPage

from .groups import WORKFLOW_NAME
from .models import FaqIndexPage, LivretPage


def _workflow_required(page, user) -> bool:
    workflow = page.get_workflow()
    return workflow is not None and workflow.active and not user.is_superuser


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and _workflow_required(page, request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def refuse_direct_publish(request, page):
    if request.method == "POST" and "action-publish" in request.POST and _workflow_required(page, request.user):
        messages.error(request, _("Cette page doit être soumise à validation avant d'être publiée."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("after_create_page")
def attach_moderation_workflow(request, page):
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None and isinstance(page.specific, FaqIndexPage | LivretPage):
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
