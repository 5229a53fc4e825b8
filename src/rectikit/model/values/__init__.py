"""Pure parsers for the cell values of ledgers kept in Excel or CSV by government offices.

Every ``parse_*`` function takes the raw cell value (``str``, ``int``, ``float``,
``Decimal``, ``date``… as a spreadsheet reader delivers it) and either returns the
typed value or raises :class:`ValueParseError` -- never any other exception, blank
input included. Money is always :class:`~decimal.Decimal` (yuan), dates are
:class:`datetime.date`.

Strings are folded with Unicode NFKC first, so full-width digits and punctuation
(``２０２３／８／３``, ``１，０００``) read like their ASCII forms. Only ASCII digits
count as digits after that fold; other scripts' digits are rejected.
"""

from rectikit.model.values.amounts import format_amount, parse_amount
from rectikit.model.values.booleans import parse_bool
from rectikit.model.values.dates import parse_date
from rectikit.model.values.enums import EnumLookup, parse_enum
from rectikit.model.values.errors import ValueParseError
from rectikit.model.values.integers import parse_int
from rectikit.model.values.numerals import parse_chinese_numeral
from rectikit.model.values.quarters import Quarter, parse_quarter
from rectikit.model.values.text import excerpt, is_blank, normalize_text

__all__ = [
    "EnumLookup",
    "Quarter",
    "ValueParseError",
    "excerpt",
    "format_amount",
    "is_blank",
    "normalize_text",
    "parse_amount",
    "parse_bool",
    "parse_chinese_numeral",
    "parse_date",
    "parse_enum",
    "parse_int",
    "parse_quarter",
]
