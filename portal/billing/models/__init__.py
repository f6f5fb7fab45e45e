"""Billing models: the compte locataire and online payments (ledger). SEPA mandates live in portal.mandates."""

from .ledger import LeaseAccount, LedgerEntry, OnlinePayment, PaymentEvent

__all__ = ["LeaseAccount", "LedgerEntry", "OnlinePayment", "PaymentEvent"]
