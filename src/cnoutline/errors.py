"""The errors cnoutline raises for input it cannot read or parse; each knows where in the input it arose."""
from __future__ import annotations


class CnoutlineError(Exception):
    """Base of every error cnoutline raises on purpose."""


class ReadError(CnoutlineError, ValueError):
    """The bytes cannot be read as a document: a corrupt, encrypted or unsupported file, a PDF with no
    text layer, a file over the size limit. The message is one line, fit for `file: message`."""


class DecodeError(ReadError):
    """The bytes are not text in an encoding cnoutline reads; `offset` is the first byte that is not."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


class ParseError(CnoutlineError, ValueError):
    """The text could not be parsed; `offset`, `line` and `column` (1-based) say where in the source."""

    def __init__(self, message: str, offset: int, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.offset, self.line, self.column = offset, line, column
