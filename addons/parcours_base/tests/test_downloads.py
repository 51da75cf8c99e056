from datetime import datetime, timedelta

from odoo.tools import SQL

from .common import ParcoursCase


class TestDownloads(ParcoursCase):
    """Generated exports are one-time downloads: the daily clean-up removes them."""

    def age(self, attachments, days):
        self.env.cr.execute(
            SQL(
                "UPDATE ir_attachment SET create_date = %s WHERE id IN %s",
                datetime.now() - timedelta(days=days),
                tuple(attachments.ids),
            )
        )
        attachments.invalidate_recordset(["create_date"])

    def test_exports_are_purged_after_a_day_documents_stay(self):
        pathway = self.create_pathway(team=(self.gp_user,), request_date="2026-01-02")
        encounter = self.env["parcours.encounter"].create(
            {
                "pathway_id": pathway.id,
                "kind_id": self.env.ref("parcours_base.encounter_kind_consultation").id,
                "state": "done",
            }
        )
        action = encounter.with_user(self.manager).action_export_xlsx()
        export = self.env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
        self.assertTrue(export.parcours_download)
        recent = self.env["ir.attachment"].create(
            {"name": "recent.xlsx", "raw": b"x", "parcours_download": True}
        )
        document = self.env["ir.attachment"].create(
            {
                "name": "letter.pdf",
                "raw": b"%PDF",
                "res_model": "parcours.pathway",
                "res_id": pathway.id,
            }
        )
        self.age(export | document, days=2)

        self.env["ir.attachment"]._gc_parcours_downloads()

        self.assertFalse(export.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(document.exists())
