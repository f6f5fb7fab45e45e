"""What each staff group may do with accounts and online payments (collected by portal.accounts.groups).

Payments are read-only for staff: only Stripe (or the ledger import) changes them.
"""

GROUP_PERMISSIONS = {
    "Service client": [
        "billing.view_onlinepayment",
        "billing.view_leaseaccount",
        "billing.view_ledgerentry",
        "billing.view_paymentevent",
    ],
}
