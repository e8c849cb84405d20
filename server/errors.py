"""Domain errors raised by services; the API turns each into one JSON error shape."""

from __future__ import annotations

import copy


class MastheadError(Exception):
    """An error a client can act on. `status` is the HTTP status the API answers with."""

    status = 400
    code = "bad_request"

    def __init_subclass__(
        cls, *, status: int | None = None, code: str | None = None, **kwargs: object
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls.status = status if status is not None else cls.status
        cls.code = code if code is not None else cls.code

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        extra: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code
        self.extra = extra or {}

    def located(
        self,
        place: str,
        *,
        reason: str | None = None,
        field: str | None = None,
        **where: object,
    ) -> MastheadError:
        """The same error, its message prefixed with where it happened ("outlets.csv",
        "line 7"); `reason` and `field` replace the message and field when that place
        names them its own way."""
        err = copy.copy(self)
        err.message = f"{place}: {self.message if reason is None else reason}"
        err.args = (err.message,)
        err.field = field if field is not None else self.field
        err.extra = {**self.extra, **where}
        return err

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return {"error": body}


# The kinds of error, by the HTTP status the API answers with and the code it names.
class BadRequest(MastheadError, status=400, code="bad_request"): ...


class Unauthorized(MastheadError, status=401, code="unauthorized"): ...


class Forbidden(MastheadError, status=403, code="forbidden"): ...


class NotFound(MastheadError, status=404, code="not_found"): ...


class Conflict(MastheadError, status=409, code="conflict"): ...


class PreconditionFailed(MastheadError, status=412, code="stale_version"): ...


class PreconditionRequired(MastheadError, status=428, code="if_match_required"): ...


class ValidationFailed(MastheadError, status=422, code="invalid"): ...


class PayloadTooLarge(MastheadError, status=413, code="request_entity_too_large"): ...


class UnsupportedMediaType(MastheadError, status=415, code="unsupported_media_type"): ...
