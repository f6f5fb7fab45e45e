"""What each staff group may do with lease data (collected by portal.accounts.groups)."""

GROUP_PERMISSIONS = {
    "Service client": [
        "leases.view_agency",
        "leases.view_residence",
        "leases.view_unit",
        "leases.view_lease",
        "leases.change_lease",
        "leases.view_signatory",
        "leases.change_signatory",
        "leases.view_householdmember",
        "leases.change_householdmember",
        "leases.view_staffcontact",
        "leases.add_staffcontact",
        "leases.change_staffcontact",
        "leases.change_agency",
    ],
    "Gestion technique": [
        "leases.view_agency",
        "leases.view_residence",
        "leases.view_unit",
        "leases.view_lease",
        "leases.view_signatory",
        "leases.view_staffcontact",
    ],
}
