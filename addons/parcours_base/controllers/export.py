"""Odoo's own "Export" to xlsx writes text as text once Parcours is installed.

xlsxwriter's ``worksheet.write`` turns a string starting with ``=`` into a formula (and
``http://...`` into a hyperlink): a patient typed ``=HYPERLINK(...)`` would become a live
formula in every list export. Parcours' own workbooks use ``tools/xlsx.SafeWorkbook``;
this narrow override gives the same guarantee to the list view's Export, for every
model: the writer's single ``write`` method stores strings with ``write_string`` (an
xlsx string cell is never evaluated, whatever its first character: ``=``, ``+``, ``-``
or ``@``). Numbers, dates and the rest go through Odoo's writer unchanged.
"""

from odoo.addons.web.controllers.export import (
    ExcelExport,
    ExportXlsxWriter,
    GroupExportXlsxWriter,
)


class TextCellsMixin:
    """Write every string as a string cell, never as a formula or a hyperlink."""

    def write(self, row, column, cell_value, style=None):
        if isinstance(cell_value, str):
            return self.worksheet.write_string(row, column, cell_value, style)
        return super().write(row, column, cell_value, style)


class TextExportXlsxWriter(TextCellsMixin, ExportXlsxWriter):
    pass


class TextGroupExportXlsxWriter(TextCellsMixin, GroupExportXlsxWriter):
    pass


class ParcoursExcelExport(ExcelExport):
    """The /web/export/xlsx route, with the writers above (same loops as Odoo's)."""

    def from_group_data(self, fields, columns_headers, groups):
        with TextGroupExportXlsxWriter(fields, columns_headers, groups.count) as xlsx_writer:
            x, y = 1, 0
            for group_name, group in groups.children.items():
                x, y = xlsx_writer.write_group(x, y, group_name, group)
        return xlsx_writer.value

    def from_data(self, fields, columns_headers, rows):
        with TextExportXlsxWriter(fields, columns_headers, len(rows)) as xlsx_writer:
            for row_index, row in enumerate(rows):
                for cell_index, cell_value in enumerate(row):
                    xlsx_writer.write_cell(row_index + 1, cell_index, cell_value)
        return xlsx_writer.value
