"""Keyset ("cursor") pagination over any ordered queryset.

A cursor is an opaque, signed token naming the position after the last item of a
page: the values of the list's ordering keys for that item (the last key is always
the primary key, so the position is unique). The next page is "the items after that
position", so rows inserted or deleted between two calls neither repeat nor skip
items, unlike ``?page=N`` offsets.

The cursor is ``base64url(django.core.signing token)``: it is signed with the
``SECRET_KEY`` and bound to the list (its path and ordering); a changed, truncated or
foreign cursor raises ``InvalidCursor``.

NULLs: keys are ordered with an explicit NULL placement (PostgreSQL's defaults:
NULLs last ascending, first descending, unless the queryset says otherwise) so the
order, and thus the keyset condition, is the same on every database.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core import signing
from django.db.models import F, OrderBy, Q, QuerySet

SALT = "selaras.api.cursor"
MAX_CURSOR_LENGTH = 2000


class InvalidCursor(Exception):
    pass


@dataclass(frozen=True)
class Key:
    name: str  # a field path ("reported_at", "case__number") or an annotation
    descending: bool
    nulls_first: bool

    def order_by(self) -> OrderBy:
        placement = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        expression = F(self.name)
        return expression.desc(**placement) if self.descending else expression.asc(**placement)

    def token(self) -> str:
        return ("-" if self.descending else "") + self.name + ("~nf" if self.nulls_first else "")


def _key(item) -> Key:
    if isinstance(item, str):
        descending = item.startswith("-")
        name = item.lstrip("-+")
        return Key(name, descending, nulls_first=descending)
    if isinstance(item, OrderBy) and isinstance(item.expression, F):
        descending = item.descending
        if item.nulls_first:
            nulls_first = True
        elif item.nulls_last:
            nulls_first = False
        else:
            nulls_first = descending
        return Key(item.expression.name, descending, nulls_first)
    if isinstance(item, F):
        return Key(item.name, False, nulls_first=False)
    raise ValueError(f"Cursor pagination cannot order by {item!r}")


def keys_of(queryset: QuerySet) -> list[Key]:
    """The queryset's ordering as keys, ending with the primary key."""
    query = queryset.query
    ordering = list(query.order_by)
    if not ordering and query.default_ordering:
        ordering = list(query.get_meta().ordering)
    keys = [_key(item) for item in ordering if item != "?"]
    pk_name = query.get_meta().pk.name
    normalised = []
    for key in keys:
        name = pk_name if key.name == "pk" else key.name
        normalised.append(Key(name, key.descending, key.nulls_first))
        if name == pk_name:
            return normalised  # the primary key is unique: later keys never matter
    normalised.append(Key(pk_name, False, nulls_first=False))
    return normalised


def ordered(queryset: QuerySet, keys: list[Key]) -> QuerySet:
    return queryset.order_by(*(key.order_by() for key in keys))


def _value_of(obj, name: str):
    value = obj
    for part in name.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
    if hasattr(value, "pk") and not isinstance(value, (date, datetime)):
        value = value.pk  # ordering by a foreign key orders by its primary key
    return value


def _encode_value(value):
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"s": str(value)}


def _decode_value(value):
    if isinstance(value, dict) and len(value) == 1:
        (kind, raw), = value.items()
        if kind == "dt":
            return datetime.fromisoformat(raw)
        if kind == "d":
            return date.fromisoformat(raw)
        if kind == "n":
            return Decimal(raw)
        if kind == "s":
            return raw
        raise InvalidCursor("unknown value kind")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise InvalidCursor("unexpected value")


def _binding(keys: list[Key], scope: str) -> str:
    text = scope + "|" + ",".join(key.token() for key in keys)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode(obj, keys: list[Key], scope: str) -> str:
    """The cursor for the position just after ``obj``."""
    payload = {"b": _binding(keys, scope),
               "v": [_encode_value(_value_of(obj, key.name)) for key in keys]}
    token = signing.dumps(payload, salt=SALT, compress=True)
    return base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")


def decode(cursor: str, keys: list[Key], scope: str) -> list:
    """The ordering values a cursor stands for; InvalidCursor if it is not ours."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("length")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        token = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        payload = signing.loads(token, salt=SALT)
    except (binascii.Error, UnicodeError, ValueError, signing.BadSignature):
        raise InvalidCursor("signature") from None
    if not isinstance(payload, dict) or payload.get("b") != _binding(keys, scope):
        raise InvalidCursor("another list")
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(keys):
        raise InvalidCursor("shape")
    return [_decode_value(value) for value in values]


def _equal(key: Key, value) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def _after(key: Key, value) -> Q | None:
    """Rows strictly after ``value`` on this key alone (None: there are none)."""
    if value is None:
        # NULLs first: every non-NULL value comes after; NULLs last: nothing does.
        return Q(**{f"{key.name}__isnull": False}) if key.nulls_first else None
    lookup = "lt" if key.descending else "gt"
    condition = Q(**{f"{key.name}__{lookup}": value})
    if not key.nulls_first:
        condition |= Q(**{f"{key.name}__isnull": True})
    return condition


def after(queryset: QuerySet, keys: list[Key], values: list) -> QuerySet:
    """The rows of ``queryset`` (ordered by ``keys``) after the position ``values``."""
    condition = Q(pk__in=[])
    prefix = Q()
    for key, value in zip(keys, values, strict=True):
        step = _after(key, value)
        if step is not None:
            condition |= prefix & step
        prefix &= _equal(key, value)
    # The leading key's own bound helps the database use its index for the range.
    first = _after(keys[0], values[0])
    lead = _equal(keys[0], values[0]) | first if first is not None else _equal(keys[0],
                                                                               values[0])
    return queryset.filter(lead, condition)
