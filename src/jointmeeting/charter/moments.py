"""Moments in a charter's time zone: how a time is read when it has no offset, and how it is
printed.

Why one module: a time written without an offset ("2025-06-03 08:15") means the charter's local
time everywhere it is read (the command line, a records file, a scenario), never the zone of the
machine that happens to run the command. Printing always carries the numeric offset
(``2025-06-03 08:15+08:00``): an abbreviation such as ``CST`` names several zones.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError


def in_zone(moment: dt.datetime, zone: str) -> dt.datetime:
    """``moment`` in ``zone``: a naive time is read as that zone's wall clock."""
    tz = zoneinfo.ZoneInfo(zone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def offset(moment: dt.datetime) -> str:
    """The UTC offset of an aware time as ``+08:00``."""
    delta = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if delta < dt.timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def local_text(moment: dt.datetime, zone: str, *, seconds: bool = False) -> str:
    """``2025-06-03 08:15+08:00``: the time in the charter's zone with its offset (at the
    calendar's very edge, where the zone's offset would overflow, in the offset it has)."""
    try:
        local = in_zone(moment, zone)
    except OverflowError:
        local = moment
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M") + offset(local)


#: Key of a validation context holding the time zone in which a time without an offset is read.
ZONE = "timezone"


def _moment(value: dt.datetime, info: ValidationInfo) -> dt.datetime:
    zone = info.context.get(ZONE) if isinstance(info.context, dict) else None
    if value.tzinfo is not None:
        return value
    if zone is None:
        raise PydanticCustomError(
            "timezone_missing", "a time without an offset needs the charter's time zone: write "
            "its offset (e.g. 2025-06-03T08:15+08:00) or read the file with its charter", {})
    return in_zone(value, zone)


#: A time that, written without an offset, is in the zone the validation context gives.
LocalMoment = Annotated[dt.datetime, AfterValidator(_moment)]
