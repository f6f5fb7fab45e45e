"""What the communication team may do with the FAQ and the livret: read the helpfulness votes
(counts in the FAQ page editor) and approve changes through the moderation workflow."""

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from portal.accounts.groups import COMMUNICATION

from .models import FaqIndexPage, LivretPage

GROUP_PERMISSIONS = {COMMUNICATION: ["faq.view_helpfulnessvote"]}
WORKFLOW_NAME = "Validation FAQ et livret"


def moderation_workflow_sync(*, group: Group) -> Workflow:
    """The « submit for approval » workflow of the FAQ and the livret, approved by « Communication »."""
    # Wagtail installs a « Moderators approval » workflow on the whole tree: only the FAQ and the
    # livret need a review here; the other pages are published directly by « Communication ».
    WorkflowPage.objects.filter(page__depth=1).exclude(workflow__name=WORKFLOW_NAME).delete()
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=_("Relecture Communication")).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=_("Relecture Communication"))
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in [*FaqIndexPage.objects.all(), *LivretPage.objects.all()]:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow
