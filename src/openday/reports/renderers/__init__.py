"""Renderers: any ``Table`` → the bytes of an .xlsx, .docx or .csv file.

They lay the table out the way offices print it (附件1 of the notices): a 黑体 title over a
bordered table in 宋体, the header repeated on every page, A4 landscape, the merge column's
equal consecutive values in one merged cell. They never query and never format values.
"""

from openday.reports.renderers.document import render_docx
from openday.reports.renderers.spreadsheet import render_csv, render_xlsx

__all__ = ["render_csv", "render_docx", "render_xlsx"]
