# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks of input from outside (XML-RPC, JSON-RPC, the portal, wizards).

One set of validators for the three addons: every number, text and date a
public method takes goes through them, before anything is written. Each
raises a :class:`~odoo.exceptions.ValidationError` naming the field (the
label given by the caller, e.g. ``lines[3].qty``) and returns the cleaned
value. Text shown as HTML (activity notes, message bodies built with
``Markup``) goes through :func:`o2c_html_text`, which escapes it.

Usage::

    from odoo.addons.order_to_cash.tools.o2c_input import o2c_number, o2c_text

    qty = o2c_number(env, value, "qty", minimum=0, rounding=uom.rounding)
"""

import datetime
import math
import unicodedata

from markupsafe import Markup

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero, float_round, plaintext2html

# Largest magnitude of a number taken from outside: far above any real
# quantity or price, far below what breaks float arithmetic (1e308 * 2).
O2C_MAX_NUMBER = 1e12
# Most lines one call may carry (order intake, portal returns): enough for
# the largest real orders, small enough to finish well inside a request.
O2C_MAX_LINES = 500
# Characters allowed in text despite being control characters.
_MULTILINE_CONTROLS = frozenset("\n\r\t")


def o2c_number(
    env,
    value,
    field,
    minimum=None,
    maximum=O2C_MAX_NUMBER,
    rounding=None,
    exclusive_minimum=False,
    integer=False,
):
    """A finite number within bounds, as a float (an int when ``integer``).

    :param field: the field's name or label, repeated in the error
    :param minimum: smallest value allowed (``exclusive_minimum``: above it)
    :param maximum: largest magnitude allowed
    :param rounding: the unit's rounding (e.g. ``uom.rounding``): a value
        other than 0 that rounds to 0 is refused, others are rounded
    :param integer: only whole numbers
    """
    _check_number_kind(env, value, field, integer)
    _check_number_bounds(env, value, field, minimum, maximum, exclusive_minimum)
    if integer:
        return int(value)
    value = float(value)
    if rounding:
        if value and float_is_zero(value, precision_rounding=rounding):
            raise ValidationError(
                env._(
                    "%(field)s: %(value)s is below the unit's rounding (%(rounding)s).",
                    field=field,
                    value=_shown(value),
                    rounding=_shown(rounding),
                )
            )
        value = float_round(value, precision_rounding=rounding)
    return value


def _check_number_kind(env, value, field, integer):
    """Refuse what is not a finite number (a whole one with ``integer``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            env._(
                "%(field)s: a number is expected, got %(value)s.",
                field=field,
                value=_shown(value),
            )
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(
            env._(
                "%(field)s: %(value)s is not a number that can be used.",
                field=field,
                value=_shown(value),
            )
        )
    if integer and value != int(value):
        raise ValidationError(
            env._(
                "%(field)s: a whole number is expected, got %(value)s.",
                field=field,
                value=_shown(value),
            )
        )


def _check_number_bounds(env, value, field, minimum, maximum, exclusive_minimum):
    """Refuse a number above ``maximum`` (in magnitude) or below ``minimum``."""
    if maximum is not None and abs(value) > maximum:
        raise ValidationError(
            env._(
                "%(field)s: %(value)s is too large (at most %(maximum)s).",
                field=field,
                value=_shown(value),
                maximum=_shown(maximum),
            )
        )
    if minimum is not None and (
        value <= minimum if exclusive_minimum else value < minimum
    ):
        raise ValidationError(
            env._(
                "%(field)s: must be more than %(minimum)s, got %(value)s.",
                field=field,
                minimum=_shown(minimum),
                value=_shown(value),
            )
            if exclusive_minimum
            else env._(
                "%(field)s: must be at least %(minimum)s, got %(value)s.",
                field=field,
                minimum=_shown(minimum),
                value=_shown(value),
            )
        )


def o2c_text(env, value, field, size=None, required=False, multiline=True):
    """A text without control characters, stripped; ``False`` when empty
    and not required.

    :param size: most characters allowed
    :param multiline: line breaks and tabs allowed (else refused too)
    """
    if value is None or value is False or (isinstance(value, str) and not value):
        if required:
            raise ValidationError(
                env._("The field %(field)s is required.", field=field)
            )
        return False
    if not isinstance(value, str):
        raise ValidationError(env._("The field %(field)s must be a text.", field=field))
    if size and len(value) > size:
        raise ValidationError(
            env._(
                "The field %(field)s is longer than %(size)s characters.",
                field=field,
                size=size,
            )
        )
    allowed = _MULTILINE_CONTROLS if multiline else frozenset()
    for position, char in enumerate(value):
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cs"):
            # computed before the call: Odoo's term extraction evaluates the
            # call's arguments and knows no built-ins
            code = f"U+{ord(char):04X}"
            raise ValidationError(
                env._(
                    "The field %(field)s contains a control character "
                    "(%(code)s at position %(position)s).",
                    field=field,
                    code=code,
                    position=position + 1,
                )
            )
    value = value.strip()
    if not value:
        if required:
            raise ValidationError(
                env._("The field %(field)s is required.", field=field)
            )
        return False
    return value


def o2c_date(
    env, value, field, default=None, not_before=None, not_after=None, with_time=False
):
    """A date (or, with ``with_time``, a naive UTC datetime) from an ISO
    string (``YYYY-MM-DD`` or date and time), a date or a datetime.

    :param default: returned when no value is given (``None``: required)
    :param not_before: earliest date allowed (a date)
    :param not_after: latest date allowed (a date), e.g. today for a date
        something happened on
    """
    if value is None or value is False or value == "":
        if default is None:
            raise ValidationError(
                env._("The field %(field)s is required.", field=field)
            )
        return default
    parsed = _parse_date(value, with_time)
    if parsed is None:
        raise ValidationError(
            env._(
                "Invalid %(field)s %(value)s: give a date as YYYY-MM-DD.",
                field=field,
                value=_shown(value),
            )
        )
    day = parsed.date() if isinstance(parsed, datetime.datetime) else parsed
    if not_after and day > not_after:
        raise ValidationError(
            env._(
                "%(field)s: %(date)s is in the future (at the latest %(limit)s).",
                field=field,
                date=fields.Date.to_string(day),
                limit=fields.Date.to_string(not_after),
            )
        )
    if not_before and day < not_before:
        raise ValidationError(
            env._(
                "%(field)s: %(date)s is too early (at the earliest %(limit)s).",
                field=field,
                date=fields.Date.to_string(day),
                limit=fields.Date.to_string(not_before),
            )
        )
    return parsed


def _parse_date(value, with_time):
    if isinstance(value, datetime.date):  # a datetime is a date too
        parsed = value
    elif isinstance(value, str) and 10 <= len(value) <= 40:
        text = value.strip()
        try:
            if len(text) == 10:
                parsed = datetime.date.fromisoformat(text)
            elif text[10] in "T ":
                parsed = datetime.datetime.fromisoformat(text)
            else:
                return None
        except ValueError:
            return None
    else:
        return None
    if isinstance(parsed, datetime.datetime) and parsed.tzinfo:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    if not with_time:
        return parsed.date() if isinstance(parsed, datetime.datetime) else parsed
    if not isinstance(parsed, datetime.datetime):
        # a date alone: midday, so that no time zone moves it to another day
        parsed = datetime.datetime.combine(parsed, datetime.time(12))
    return parsed


def o2c_lines(env, lines, field, maximum=O2C_MAX_LINES):
    """A non-empty list (or tuple) of at most ``maximum`` lines."""
    if not isinstance(lines, list | tuple) or not lines:
        raise ValidationError(
            env._("The field %(field)s must be a non-empty list of lines.", field=field)
        )
    if len(lines) > maximum:
        raise ValidationError(
            env._(
                "The field %(field)s has %(count)s lines: at most %(maximum)s "
                "are accepted in one call; send the rest in another.",
                field=field,
                count=len(lines),
                maximum=maximum,
            )
        )
    return list(lines)


def o2c_strip_controls(text):
    """``text`` without its control characters (line breaks and tabs kept):
    for text that is not refused but kept, such as e-mails received."""
    if not text:
        return text
    return "".join(
        char
        for char in text
        if char in _MULTILINE_CONTROLS or unicodedata.category(char) not in ("Cc", "Cs")
    )


def o2c_html_text(text):
    """``text`` (from a user or customer) as HTML showing it as typed:
    escaped, line breaks kept. For Html fields (activity notes) and message
    bodies built with ``Markup``."""
    if not text:
        return Markup("")
    return Markup(plaintext2html(str(text)))


def _shown(value):
    """A value as repeated in an error message: short, no control characters."""
    text = repr(value) if not isinstance(value, int | float) else f"{value:g}"
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 50 else text[:47] + "..."
