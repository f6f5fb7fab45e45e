"""E-mails of the billing app: French text, plain-text body, absolute links."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.models import SiteSettings

from .enums import PaymentStatus
from .formats import euros
from .models import LeaseAccount, OnlinePayment


def balance_sentence(balance) -> str:
    if balance > 0:
        return _("Il reste %(amount)s à régler sur votre compte.") % {"amount": euros(balance)}
    if balance < 0:
        return _("Votre compte est créditeur de %(amount)s, déduits automatiquement de vos prochaines factures.") % {
            "amount": euros(-balance)
        }
    return _("Votre compte est à jour.")


def online_payment_confirmation_send(*, payment_id: int) -> None:
    """« Confirmation de paiement » to the tenant who paid: amount, date, reference, new balance."""
    payment = OnlinePayment.objects.select_related("payer", "lease").get(pk=payment_id)
    if payment.status != PaymentStatus.SUCCEEDED or payment.payer is None or not payment.payer.email:
        return
    site = SiteSettings.load()
    balance = LeaseAccount.objects.get(lease=payment.lease).balance
    paid_on = timezone.localtime(payment.settled_at)
    body = "\n".join(
        [
            _("Bonjour %(name)s,") % {"name": payment.payer.get_full_name()},
            "",
            _("Nous avons bien reçu votre paiement en ligne pour le contrat n° %(lease)s.")
            % {"lease": payment.lease.tenant_number},
            "",
            _("Montant : %(amount)s") % {"amount": euros(payment.amount)},
            _("Date : %(date)s") % {"date": f"{paid_on:%d/%m/%Y à %H:%M}"},
            _("Référence : %(reference)s") % {"reference": payment.reference},
            "",
            balance_sentence(balance),
            "",
            _("Retrouvez l'historique de vos paiements dans votre espace : %(url)s")
            % {"url": settings.PORTAL_BASE_URL + reverse("billing:payments")},
            "",
            _("Une question ? Écrivez-nous à %(email)s.") % {"email": site.support_email},
            "",
            site.landlord_name,
        ]
    )
    send_mail(
        subject=_("Confirmation de paiement – %(amount)s") % {"amount": euros(payment.amount)},
        message=body,
        from_email=None,
        recipient_list=[payment.payer.email],
    )
