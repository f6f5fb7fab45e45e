"""Postal addresses as the landlord types them in « Réglages du site »."""


def address_without_name(address: str, name: str) -> str:
    """The address without a line repeating `name`: the name is printed once, above it."""
    return "\n".join(line for line in address.splitlines() if line.strip() and line.strip() != name.strip())
