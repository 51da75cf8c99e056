"""Spreadsheet writing that is safe for health data and large exports.

Text is always written as text (a note starting with "=" never becomes a formula or a
link), and workbooks are written row by row in constant memory.
"""

import datetime
import os
import tempfile

import xlsxwriter


class SafeWorkbook:
    """A constant-memory xlsx workbook written to a temporary file."""

    def __init__(self):
        handle, self.path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        self.book = xlsxwriter.Workbook(
            self.path,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.euro = self.book.add_format({"num_format": '#,##0.00 "€"'})
        self.euro_total = self.book.add_format({"num_format": '#,##0.00 "€"', "bold": True})
        self.bold = self.book.add_format({"bold": True})
        self.day = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.percent = self.book.add_format({"num_format": '0.00" %"'})
        self.count = self.book.add_format({"num_format": "#,##0"})
        self.number = self.book.add_format({"num_format": "#,##0.00"})
        self.days = self.book.add_format({"num_format": "#,##0.0"})
        self._money = {}

    def money(self, currency, bold=False):
        """The cell format of amounts in `currency` (a res.currency): its symbol, on its side."""
        key = (currency.id, bold)
        if key not in self._money:
            symbol = (currency.symbol or currency.name or "").replace('"', "")
            number = (
                '"%s" #,##0.00' % symbol
                if currency.position == "before"
                else '#,##0.00 "%s"' % symbol
            )
            self._money[key] = self.book.add_format({"num_format": number, "bold": bold})
        return self._money[key]

    def add_table(self, name, headers, rows, widths=None, chart=None, formats=None):
        """A sheet with a frozen header row and one row per item of `rows`.

        With `chart` (a column index), a bar chart plots that column against the first two.
        `formats` maps a column index to a cell format (e.g. `self.euro`) for its numbers
        and dates.
        """
        sheet = self.book.add_worksheet(name[:31])
        for column, title in enumerate(headers):
            sheet.set_column(column, column, (widths or {}).get(column, max(12, len(title) + 2)))
            sheet.write_string(0, column, title, self.header)
        sheet.freeze_panes(1, 0)
        count = 0
        for count, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                self.write_cell(sheet, count, column, value, (formats or {}).get(column))
        if chart is not None and count:
            plot = self.book.add_chart({"type": "bar"})
            plot.add_series(
                {
                    "name": headers[chart],
                    "categories": [sheet.name, 1, 0, count, 1],
                    "values": [sheet.name, 1, chart, count, chart],
                }
            )
            plot.set_legend({"none": True})
            sheet.insert_chart(1, len(headers) + 1, plot)
        return count

    def write_cell(self, sheet, row, column, value, cell_format=None):
        if value is None or value is False:
            sheet.write_blank(row, column, None)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, cell_format)
        elif isinstance(value, datetime.datetime):
            sheet.write_number(row, column, excel_serial(value), cell_format or self.datetime)
        elif isinstance(value, datetime.date):
            sheet.write_number(row, column, excel_serial(value), cell_format or self.date)
        else:
            sheet.write_string(row, column, str(value))

    def close(self):
        """Finish the workbook and return its bytes."""
        self.book.close()
        try:
            with open(self.path, "rb") as handle:
                return handle.read()
        finally:
            os.unlink(self.path)


EXCEL_EPOCH = datetime.datetime(1899, 12, 30)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell that no spreadsheet opens as a formula.

    Text starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, as
    OWASP advises against CSV injection; numbers and dates are left as they are.

    >>> csv_cell("=HYPERLINK(\"http://x\")")
    '\'=HYPERLINK("http://x")'
    >>> csv_cell(-12.5)
    -12.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def excel_serial(value):
    """The spreadsheet serial number of a date or naive datetime (days since 1899-12-30).

    Plain arithmetic: several times faster than xlsxwriter's own conversion on large
    exports, with the same result for dates after 1 March 1900.
    """
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day)
    return (value - EXCEL_EPOCH).total_seconds() / 86400


def in_batches(records, size=1000):
    """Yield `records` in slices, dropping each slice from the cache once used.

    Large exports read their rows slice by slice, so memory stays flat whatever
    the number of records.
    """
    for start in range(0, len(records), size):
        batch = records[start : start + size]
        yield batch
        # Related records read for the slice (patients, programmes...) go too.
        records.env.invalidate_all()
