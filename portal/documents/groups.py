"""What each staff group may do with documents (collected by portal.accounts.groups)."""

GROUP_PERMISSIONS = {
    "Service client": [
        "documents.view_document",
        "documents.add_document",
        "documents.view_documentrun",
        "documents.retry_documentrun",
    ],
}
