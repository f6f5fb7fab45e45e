"""Keeps what the export needs before the tenant file deletes it (see models.DepartedOccupant)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from portal.dossier.enums import ChangeKind, ChangeStatus
from portal.dossier.models import ChangeRequest
from portal.leases.models import HouseholdMember

from .models import DepartedOccupant


@receiver(pre_delete, sender=HouseholdMember, dispatch_uid="erp_departed_occupant_keep")
def departed_occupant_keep(sender, instance: HouseholdMember, **kwargs) -> None:
    # Sent before Django nulls the requests' link to the occupant, inside the acceptance's transaction.
    requests = ChangeRequest.objects.filter(
        household_member_id=instance.pk, kind=ChangeKind.HOUSEHOLD_REMOVE, status=ChangeStatus.PENDING
    ).values_list("pk", flat=True)
    DepartedOccupant.objects.bulk_create(
        [
            DepartedOccupant(
                change_request_id=pk, occupant_code=instance.external_id or "", occupant_portal_id=instance.pk
            )
            for pk in requests
        ],
        ignore_conflicts=True,
    )
