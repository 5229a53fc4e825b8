"""The one error the ledger file layer raises for bad input: :class:`LedgerError`."""

from __future__ import annotations

from rectikit.model.location import Location


class LedgerError(ValueError):
    """A ledger file that cannot be read (or written), with where the problem is.

    ``str(error)`` is one line naming the file and, where known, the line (TOML) or
    the sheet and cell or row (XLSX)::

        ledger.toml:14: finding F03: unknown status '办理中'
        ledger.xlsx:整改台账!F7: finding F03: unknown status '办理中'
        ledger.xlsx:整改台账:7: finding F03: duplicate measure id 'F03-1'

    Attributes:
        reason: the problem, without the place.
        file: the file as displayed.
        line: 1-based line of a TOML file.
        sheet: the XLSX sheet.
        row: 1-based XLSX row.
        column: the XLSX column header.
        cell: the XLSX cell (``F7``).
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str,
        line: int | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        cell: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = file
        self.line = line
        self.sheet = sheet
        self.row = row
        self.column = column
        self.cell = cell

    @property
    def where(self) -> str:
        """The place alone: ``ledger.toml:14``, ``ledger.xlsx:整改台账!F7``."""
        text = self.file
        if self.sheet is not None:
            text += f":{self.sheet}"
            if self.cell is not None:
                return f"{text}!{self.cell}"
            if self.row is not None:
                text += f":{self.row}"
            return text
        if self.line is not None:
            text += f":{self.line}"
        return text

    @property
    def location(self) -> Location:
        """The place as a model :class:`~rectikit.model.location.Location`."""
        return Location(
            self.file,
            row=self.row if self.sheet is not None else self.line,
            column=self.column,
            sheet=self.sheet,
            cell=self.cell,
        )

    def __str__(self) -> str:
        reason = " ".join(self.reason.split()) or "invalid ledger"
        return f"{self.where}: {reason}"

    def __reduce__(self):  # keep the keyword arguments through pickling
        return (_rebuild, (self.reason, self.__dict__))


def _rebuild(reason: str, state: dict) -> LedgerError:
    error = LedgerError.__new__(LedgerError)
    ValueError.__init__(error, reason)
    error.__dict__.update(state)
    return error
