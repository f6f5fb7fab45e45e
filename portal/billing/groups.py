"""What each staff group may do with accounts, online payments and mandates (collected by portal.accounts.groups).

Payments are read-only for staff: only Stripe (or the ledger import) changes them. Service client
validates or refuses SEPA mandates; seeing a full IBAN (billing.view_full_iban) is given to named
people one by one, never to a whole group.
"""

GROUP_PERMISSIONS = {
    "Service client": [
        "billing.view_onlinepayment",
        "billing.view_leaseaccount",
        "billing.view_ledgerentry",
        "billing.view_paymentevent",
        "billing.view_bankmandate",
        "billing.validate_bankmandate",
    ],
}
