"""What each staff group may do with SEPA mandates (collected by portal.accounts.groups).

Service client validates or refuses SEPA mandates; seeing a full IBAN (mandates.view_full_iban) is
given to named people one by one, never to a whole group.
"""

GROUP_PERMISSIONS = {
    "Service client": [
        "mandates.view_bankmandate",
        "mandates.validate_bankmandate",
    ],
}
