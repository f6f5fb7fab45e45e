"""Who processes requests: both staff groups; Service client also edits the categories and staff agencies."""

GROUP_PERMISSIONS = {
    "Service client": [
        "tenant_requests.view_tenantrequest",
        "tenant_requests.process_request",
        "tenant_requests.view_requestcategory",
        "tenant_requests.add_requestcategory",
        "tenant_requests.change_requestcategory",
        "tenant_requests.view_staffprofile",
        "tenant_requests.add_staffprofile",
        "tenant_requests.change_staffprofile",
    ],
    "Gestion technique": [
        "tenant_requests.view_tenantrequest",
        "tenant_requests.process_request",
        "tenant_requests.view_requestcategory",
    ],
}
