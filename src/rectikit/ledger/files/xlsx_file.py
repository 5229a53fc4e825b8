"""The XLSX form of the ledger: the 整改台账 workbook offices keep.

The layout is in :mod:`~rectikit.ledger.files.xlsx_layout`; reading is
:mod:`~rectikit.ledger.files.xlsx_read` (:func:`load_ledger_xlsx`), writing
:mod:`~rectikit.ledger.files.xlsx_write` (:func:`save_ledger_xlsx`), and restoring what
a workbook cannot hold :mod:`~rectikit.ledger.files.xlsx_restore`
(:func:`restore_extras`). This module gathers the public names.
"""

from __future__ import annotations

from rectikit.ledger.files.xlsx_layout import DECLARED_ALIASES as DECLARED_ALIASES
from rectikit.ledger.files.xlsx_layout import DECLARED_PREFIX as DECLARED_PREFIX
from rectikit.ledger.files.xlsx_layout import FINDING_COLUMNS as FINDING_COLUMNS
from rectikit.ledger.files.xlsx_layout import FINDING_PREFIX as FINDING_PREFIX
from rectikit.ledger.files.xlsx_layout import IGNORED_HEADERS as IGNORED_HEADERS
from rectikit.ledger.files.xlsx_layout import INFO_DATES as INFO_DATES
from rectikit.ledger.files.xlsx_layout import INFO_ITEMS as INFO_ITEMS
from rectikit.ledger.files.xlsx_layout import INFO_SHEET as INFO_SHEET
from rectikit.ledger.files.xlsx_layout import MAIN_COLUMNS as MAIN_COLUMNS
from rectikit.ledger.files.xlsx_layout import MAIN_SHEET as MAIN_SHEET
from rectikit.ledger.files.xlsx_layout import MEASURE_COLUMNS as MEASURE_COLUMNS
from rectikit.ledger.files.xlsx_layout import MEASURE_PREFIX as MEASURE_PREFIX
from rectikit.ledger.files.xlsx_layout import NEXT_STEPS_ITEM as NEXT_STEPS_ITEM
from rectikit.ledger.files.xlsx_layout import TARGET_COLUMNS as TARGET_COLUMNS
from rectikit.ledger.files.xlsx_layout import TARGET_SHEET as TARGET_SHEET
from rectikit.ledger.files.xlsx_layout import Column as Column
from rectikit.ledger.files.xlsx_read import load_ledger_xlsx
from rectikit.ledger.files.xlsx_restore import restore_extras as restore_extras
from rectikit.ledger.files.xlsx_write import DATE_FORMAT as DATE_FORMAT
from rectikit.ledger.files.xlsx_write import ledger_to_xlsx_bytes as ledger_to_xlsx_bytes
from rectikit.ledger.files.xlsx_write import save_ledger_xlsx

__all__ = ["load_ledger_xlsx", "save_ledger_xlsx"]
