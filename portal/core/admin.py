"""The e-mail outbox in the Django admin (/django-admin/): what could not be sent, and why; send it again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import mail
from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject", "message_id"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields if field.name != "payload"]
    exclude = ["payload"]  # bodies may hold personal data: staff see the subject and the error
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Renvoyer les e-mails en échec sélectionnés"), permissions=["view"])
    def send_again(self, request, queryset):
        count = mail.outgoing_emails_requeue(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d e-mail renvoyé.", "%(count)d e-mails renvoyés.", count) % {"count": count},
            messages.SUCCESS,
        )
