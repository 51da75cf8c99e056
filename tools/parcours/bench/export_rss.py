"""One 12-column encounter export in a fresh process, to read its peak resident memory.

Run inside `odoo shell` by `./parcours bench` (PARCOURS_EXPORT_WAY: streamed or native;
PARCOURS_EXPORT_ROWS: how many encounters). Prints one JSON line.
"""

import io
import json
import os
import resource
import time

import xlsxwriter

from odoo.addons.parcours_base.models.parcours_encounter import EXPORT_FIELDS as FIELDS


def native(encounters):
    data = encounters.export_data(FIELDS)["datas"]
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet()
    for row, line in enumerate(data):
        for column, value in enumerate(line):
            sheet.write(row, column, value if not hasattr(value, "isoformat") else str(value))
    book.close()
    return len(output.getvalue())


before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
encounters = env["parcours.encounter"].search(  # noqa: F821
    [], limit=int(os.environ["PARCOURS_EXPORT_ROWS"]), order="id"
)
started = time.perf_counter()
if os.environ["PARCOURS_EXPORT_WAY"] == "streamed":
    size = len(encounters._xlsx_export())
else:
    size = native(encounters)
print(
    json.dumps(
        {
            "way": os.environ["PARCOURS_EXPORT_WAY"],
            "rows": len(encounters),
            "seconds": round(time.perf_counter() - started, 2),
            "bytes": size,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_mb": round(before, 1),
        }
    )
)
