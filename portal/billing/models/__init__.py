"""Billing models: the compte locataire and online payments (ledger), bank details and SEPA mandates."""

from .ledger import LeaseAccount, LedgerEntry, OnlinePayment, PaymentEvent
from .mandates import BankMandate, MandateEvent

__all__ = ["BankMandate", "LeaseAccount", "LedgerEntry", "MandateEvent", "OnlinePayment", "PaymentEvent"]
