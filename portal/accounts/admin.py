from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AccountEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Raw access for the Django admin (filer needs it); staff work in the Wagtail admin."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "suspended_at"]
    list_filter = ["is_staff", "is_active", ("suspended_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["signatory", "last_login", "date_joined", "email_confirmed_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "signatory"]}),
        (
            _("Droits"),
            {"fields": ["is_active", "suspended_at", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "email_confirmed_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Read-only audit trail of logins: staff look, nobody edits."""

    list_display = ["created_at", "kind", "email", "lease"]
    list_filter = ["kind"]
    list_select_related = ["lease"]
    search_fields = ["email", "lease__tenant_number"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
