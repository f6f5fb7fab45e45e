"""E-mails about bank details: French text, plain-text body, absolute links."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.core.models import SiteSettings

from .enums import MandateStatus
from .models import BankMandate


def _lease_accounts(lease):
    """Every signatory of the lease who has an active account with an address."""
    return list(
        User.objects.filter(signatory__lease=lease, is_active=True).exclude(email="").order_by("signatory__last_name")
    )


def mandate_change_notify(*, mandate_id: int) -> None:
    """« Vos coordonnées bancaires ont été modifiées » to every signatory with an account, with
    whom to call if they did not ask for it: a fraudster changing the RIB must not go unnoticed."""
    mandate = BankMandate.objects.select_related("lease", "signed_by").get(pk=mandate_id)
    site = SiteSettings.load()
    signed_at = timezone.localtime(mandate.signed_at)
    for user in _lease_accounts(mandate.lease):
        body = "\n".join(
            [
                _("Bonjour %(name)s,") % {"name": user.get_full_name()},
                "",
                _(
                    "Les coordonnées bancaires de prélèvement du contrat n° %(lease)s ont été modifiées le %(date)s "
                    "par %(signer)s depuis l'espace locataire."
                )
                % {
                    "lease": mandate.lease.tenant_number,
                    "date": f"{signed_at:%d/%m/%Y à %H:%M}",
                    "signer": mandate.signer_name or _("un signataire du bail"),
                },
                "",
                _("Nouveau compte : %(iban)s (titulaire : %(holder)s)")
                % {"iban": mandate.iban_masked, "holder": mandate.holder_name},
                _("Référence du mandat : %(rum)s") % {"rum": mandate.rum},
                "",
                _("Ce changement sera pris en compte après vérification par notre service client."),
                "",
                _(
                    "Si vous n'êtes pas à l'origine de ce changement, appelez-nous sans attendre au %(phone)s "
                    "ou écrivez à %(email)s : nous bloquerons ce changement."
                )
                % {"phone": site.support_phone, "email": site.support_email},
                "",
                _("Vos paiements : %(url)s") % {"url": settings.PORTAL_BASE_URL + reverse("billing:payments")},
                "",
                site.landlord_name,
            ]
        )
        send_mail(
            subject=_("Vos coordonnées bancaires ont été modifiées"),
            message=body,
            from_email=None,
            recipient_list=[user.email],
        )


def mandate_decision_notify(*, mandate_id: int) -> None:
    """To the tenant who signed: the new RIB is now used, or was refused (with the reason)."""
    mandate = BankMandate.objects.select_related("lease", "signed_by").get(pk=mandate_id)
    signer = mandate.signed_by
    if signer is None or not signer.email or mandate.status not in (MandateStatus.ACTIVE, MandateStatus.REFUSED):
        return
    site = SiteSettings.load()
    if mandate.status == MandateStatus.ACTIVE:
        subject = _("Votre nouveau RIB est enregistré")
        news = [
            _("Votre nouveau compte %(iban)s est désormais utilisé pour le prélèvement automatique de votre loyer.")
            % {"iban": mandate.iban_masked}
        ]
    else:
        subject = _("Votre changement de RIB n'a pas pu être accepté")
        news = [
            _(
                "Votre changement de coordonnées bancaires (compte %(iban)s) n'a pas pu être accepté, "
                "pour la raison suivante :"
            )
            % {"iban": mandate.iban_masked},
            "",
            mandate.refusal_reason,
            "",
            _("Le compte prélevé jusqu'ici reste utilisé. Vous pouvez recommencer depuis votre espace."),
        ]
    body = "\n".join(
        [
            _("Bonjour %(name)s,") % {"name": signer.get_full_name()},
            "",
            *news,
            "",
            _("Vos paiements : %(url)s") % {"url": settings.PORTAL_BASE_URL + reverse("billing:payments")},
            _("Une question ? Appelez le %(phone)s ou écrivez à %(email)s.")
            % {"phone": site.support_phone, "email": site.support_email},
            "",
            site.landlord_name,
        ]
    )
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[signer.email])
