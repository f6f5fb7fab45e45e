"""The « Enquêtes » group: campaigns, ceilings, responses and the tax documents (no other group sees them)."""

SURVEYS = "Enquêtes"

GROUP_PERMISSIONS = {
    SURVEYS: [
        "surveys.add_campaign",
        "surveys.change_campaign",
        "surveys.view_campaign",
        "surveys.view_response",
        "surveys.handle_response",
        "surveys.view_taxdocument",
        "surveys.add_resourceceiling",
        "surveys.change_resourceceiling",
        "surveys.view_resourceceiling",
    ],
}
