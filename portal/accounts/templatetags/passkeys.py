from django import template

from portal.accounts.passkeys import user_passkeys

register = template.Library()


@register.inclusion_tag("accounts/includes/passkeys_section.html", takes_context=True)
def passkeys_section(context):
    """The « Clés d'accès » card of « Modifier mes accès »: the tenant's passkeys and the add button."""
    request = context["request"]
    return {"passkeys": user_passkeys(user=request.user), "csrf_token": context.get("csrf_token")}
