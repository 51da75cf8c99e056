import csv
import io
import logging
import os
import time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, file_open

from ..tools.directory_files import (
    FINESS_FIELDS,
    RPPS_FIELDS,
    DirectoryFileError,
    read_finess,
    read_rpps,
)

_logger = logging.getLogger(__name__)

# Lines sent to PostgreSQL per COPY: bounded memory, whatever the size of the file.
CHUNK = 50000
KINDS = {
    # kind: (model, key column, fields, reader, path parameter)
    "rpps": (
        "parcours.directory.professional",
        "line_key",
        RPPS_FIELDS,
        read_rpps,
        "parcours_directory.rpps_path",
    ),
    "finess": (
        "parcours.directory.structure",
        "finess",
        FINESS_FIELDS,
        read_finess,
        "parcours_directory.finess_path",
    ),
}


class ParcoursDirectoryImport(models.Model):
    """One import of a national directory file: what it created, updated and retired."""

    _name = "parcours.directory.import"
    _description = "Import of a national directory file"
    _order = "id desc"
    _rec_name = "file_name"

    kind = fields.Selection(
        [("rpps", "RPPS/ADELI professionals"), ("finess", "FINESS structures")],
        required=True,
        readonly=True,
    )
    file_name = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="By", readonly=True)
    date = fields.Datetime(readonly=True)
    line_count = fields.Integer(string="Lines Read", readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    retired_count = fields.Integer(
        string="Retired", readonly=True, help="Lines of the previous file that are gone."
    )
    seconds = fields.Float(string="Duration (s)", readonly=True, digits=(16, 1))

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("An import log is written by the import only."))
        return super().write(vals)

    @api.model
    def _check_importer(self):
        if not self.env.user.has_group("parcours_base.group_parcours_admin"):
            raise AccessError(
                self.env._("Only Parcours administrators import the national directories.")
            )

    @api.model
    def _import_file(self, kind, binary_file, file_name):
        """Import an extraction file (opened in binary mode): created, updated, retired."""
        self._check_importer()
        if kind not in KINDS:
            raise UserError(self.env._("Unknown directory file kind."))
        model_name, key, columns, reader, _parameter = KINDS[kind]
        Model = self.env[model_name]
        Model.check_access("create")
        started = time.monotonic()
        # sudo: the log and the directory rows are written by this import only, after the
        # administrator check above; no user writes them.
        log = self.sudo().create(
            {
                "kind": kind,
                "file_name": file_name,
                "user_id": self.env.user.id,
                "date": fields.Datetime.now(),
            }
        )
        self.env.flush_all()
        cr = self.env.cr
        table = Model._table
        cr.execute(
            SQL(
                "CREATE TEMP TABLE parcours_directory_load (%s) ON COMMIT DROP",
                SQL(", ").join(SQL("%s varchar", SQL.identifier(column)) for column in columns),
            )
        )
        line_count = 0
        try:
            rows = reader(binary_file)
            while True:
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                count = 0
                for row in rows:
                    writer.writerow(row)
                    count += 1
                    if count >= CHUNK:
                        break
                if not count:
                    break
                line_count += count
                buffer.seek(0)
                copy = SQL(
                    "COPY parcours_directory_load (%s) FROM STDIN WITH (FORMAT csv)",
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                )
                cr._obj.copy_expert(copy.code, buffer)
        except DirectoryFileError as error:
            raise UserError(self._file_error_message(kind, error)) from None
        if not line_count:
            raise UserError(self.env._("The file holds no line to import."))
        created, updated = self._upsert(cr, table, key, columns, log)
        cr.execute(
            SQL(
                """
                UPDATE %(table)s AS target SET active = FALSE, write_date = now() AT TIME ZONE 'UTC'
                 WHERE target.active
                   AND NOT EXISTS (SELECT 1 FROM parcours_directory_load AS load
                                    WHERE load.%(key)s = target.%(key)s)
                """,
                table=SQL.identifier(table),
                key=SQL.identifier(key),
            )
        )
        retired = cr.rowcount
        cr.execute(SQL("DROP TABLE parcours_directory_load"))
        Model.invalidate_model()
        # The log was created as superuser above (no user writes it): no further sudo.
        log.write(
            {
                "line_count": line_count,
                "created_count": created,
                "updated_count": updated,
                "retired_count": retired,
                "seconds": time.monotonic() - started,
            }
        )
        _logger.info(
            "Directory %s: %d lines, %d created, %d updated, %d retired in %.1fs",
            kind,
            line_count,
            created,
            updated,
            retired,
            log.seconds,
        )
        return log

    def _upsert(self, cr, table, key, columns, log):
        """Insert the new lines, update the changed ones (one statement, deduplicated)."""
        column_list = SQL(", ").join(SQL.identifier(column) for column in columns)
        changed = SQL(" OR ").join(
            SQL(
                "target.%s IS DISTINCT FROM EXCLUDED.%s",
                SQL.identifier(column),
                SQL.identifier(column),
            )
            for column in columns
        )
        cr.execute(
            SQL(
                """
                WITH upserted AS (
                    INSERT INTO %(table)s AS target (%(columns)s, active, import_id,
                                                     create_uid, create_date, write_uid, write_date)
                    SELECT DISTINCT ON (%(key)s) %(columns)s, TRUE, %(log)s,
                           %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                      FROM parcours_directory_load
                     WHERE %(key)s IS NOT NULL AND %(key)s != ''
                    ON CONFLICT (%(key)s) DO UPDATE
                       SET %(updates)s, active = TRUE, import_id = EXCLUDED.import_id,
                           write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                     WHERE %(changed)s OR NOT target.active
                    RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
                  FROM upserted
                """,
                table=SQL.identifier(table),
                columns=column_list,
                key=SQL.identifier(key),
                log=log.id,
                uid=self.env.uid,
                updates=SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column))
                    for column in columns
                    if column != key
                ),
                changed=changed,
            )
        )
        return cr.fetchone()

    def _file_error_message(self, kind, error):
        label = dict(self._fields["kind"]._description_selection(self.env))[kind]
        return self.env._(
            "This file is not a %(kind)s extraction in its published layout (%(detail)s).",
            kind=label,
            detail=str(error),
        )

    @api.model
    def _import_samples(self):
        """Import the fictitious sample files shipped with the addon (demo data)."""
        for kind, name in (
            ("rpps", "PS_LibreAcces_Personne_activite_sample.txt"),
            ("finess", "etalab-cs1100507-stock-sample.csv"),
        ):
            with file_open("parcours_directory/data/samples/" + name, "rb") as handle:
                self._import_file(kind, handle, name)

    @api.model
    def _cron_refresh(self):
        """Import the files found at the configured paths (scheduled action)."""
        # sudo: the two file paths an administrator configured, read by the scheduled action.
        parameters = self.env["ir.config_parameter"].sudo()
        for kind, (_model, _key, _columns, _reader, parameter) in KINDS.items():
            path = parameters.get_param(parameter)
            if not path:
                continue
            if not os.path.isfile(path):
                _logger.info("Directory %s: no file at %s, nothing imported", kind, path)
                continue
            with open(path, "rb") as handle:
                self._import_file(kind, handle, os.path.basename(path))
