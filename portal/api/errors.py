"""One error format for every answer that is not a success: a stable `code`, a French `message`,
and the French messages per field (the very ones the web forms show)."""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ApiError(HttpError):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(status_code=status, message=message)
        self.code = code
        self.fields = fields or {}

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


def form_invalid(form: forms.Form, *, extra: dict[str, str] | None = None) -> ApiError:
    """The form's errors, field by field; the errors not tied to a field become the message."""
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    general = errors.pop("__all__", [])
    for api_name, form_name in (extra or {}).items():
        if form_name in errors:
            errors[api_name] = errors.pop(form_name)
    message = " ".join(general) or _("Certaines informations sont à corriger.")
    return ApiError(400, "validation_error", message, errors)


def validation_error(error: DjangoValidationError, *, field: str | None = None) -> ApiError:
    messages = [str(message) for message in error.messages]
    if field:
        return ApiError(400, "validation_error", " ".join(messages), {field: messages})
    return ApiError(400, "validation_error", " ".join(messages))


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Cette ressource n'existe pas ou ne vous est pas accessible."))


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation documents, in the schema."""
    return dict.fromkeys(statuses, ErrorOut)


# Every signed-in call may answer: malformed input (400), no valid token (401), too many calls (429).
AUTHENTICATED = (400, 401, 429)
