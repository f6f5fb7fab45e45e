"""django-axes hooks: one identifiant per address, whatever the case typed (login and Wagtail admin)."""


def axes_username(request, credentials=None) -> str | None:
    value = credentials.get("username") if credentials else getattr(request, "POST", {}).get("username")
    return value.strip().lower() if value else None
