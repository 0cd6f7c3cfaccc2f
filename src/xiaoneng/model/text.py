"""Text as the program compares it: the same characters however they were typed.

Pure functions shared by every layer that takes text in (services, the
spreadsheet reader): no I/O.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters (Word/WPS pastes \x07 \x0b \x0c), XML-forbidden code
# points, and lone surrogates: none of them belongs in a record.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Invisible characters (zero-width, soft hyphen, direction marks) make two
# names that look alike compare different: removed wherever text comes in.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
SPACES = re.compile(r"[ \t\r\n\u3000]+")


def strip_bad(text: str) -> str:
    return _BAD.sub("", text)


def normalise(value: object) -> str:
    """Text as it is compared: NFKC (full-width digits, letters and spaces become
    ASCII), no control or invisible characters, no surrounding blanks."""
    text = "" if value is None else str(value)
    return unicodedata.normalize("NFKC", INVISIBLE.sub("", strip_bad(text))).strip()


def name_key(value: object) -> str:
    """What two names must share to be the same unit: `市妇联（机关）` and
    `市妇联(机关) ` are one unit, whatever the width of brackets and spaces."""
    return SPACES.sub("", normalise(value)).casefold()
