"""What each staff group may do with tenant files (collected by portal.accounts.groups)."""

GROUP_PERMISSIONS = {
    "Service client": [
        "dossier.view_changerequest",
        "dossier.handle_changerequest",
        "dossier.view_insurance",
    ],
}
