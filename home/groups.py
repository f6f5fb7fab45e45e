"""What the communication team may do in Wagtail.

Model permissions are gathered by portal.accounts.groups; page, collection and workflow access
live in Wagtail's own tables and are set by `editor_access_sync` after every migrate (and by
`load_demo`), so a fresh install has them.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Workflow

from faq.groups import moderation_workflow_sync
from portal.accounts.groups import COMMUNICATION

GROUP_PERMISSIONS = {
    COMMUNICATION: [
        "home.add_announcement",
        "home.change_announcement",
        "home.delete_announcement",
        "home.publish_announcement",
        "home.view_announcement",
        "core.change_sitesettings",
    ],
}

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


@transaction.atomic
def editor_access_sync() -> Workflow | None:
    """Give « Communication » the whole page tree and the root collection; set up the moderation workflow.

    Safe to call twice. Returns the workflow (None before Wagtail's root page exists).
    """
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return None
    group, _created = Group.objects.get_or_create(name=COMMUNICATION)
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
    return moderation_workflow_sync(group=group)
