"""What the mandates app tells the apps above it, without importing them."""

from django.dispatch import Signal

# A mandate became the lease's active one (validated by Service client, or taken over from the
# management system). Sent inside the transaction that activated it, with `mandate=`; billing
# records that the lease now pays by direct debit.
mandate_activated = Signal()
