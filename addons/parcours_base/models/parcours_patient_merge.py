import json

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# Records about the patient record itself, not about the person: they stay with it.
NOT_MOVED = {
    "parcours.patient",
    "parcours.patient.identity.event",
    "parcours.patient.merge",
    "parcours.patient.twin",
}
MAIL_MODELS = ("mail.message", "ir.attachment", "mail.activity", "mail.followers")


class ParcoursPatientMerge(models.Model):
    """Two records of one person become one: what moved, who did it, how to undo it."""

    _name = "parcours.patient.merge"
    _description = "Merge of two patient records"
    _order = "id desc"
    _rec_name = "kept_patient_id"

    kept_patient_id = fields.Many2one(
        "parcours.patient", string="Kept Record", required=True, index=True, ondelete="restrict"
    )
    absorbed_patient_id = fields.Many2one(
        "parcours.patient",
        string="Absorbed Record",
        required=True,
        index=True,
        ondelete="restrict",
        context={"active_test": False},
    )
    twin_id = fields.Many2one("parcours.patient.twin", ondelete="set null")
    company_id = fields.Many2one(
        related="kept_patient_id.company_id", store=True, string="Organisation"
    )
    state = fields.Selection(
        [("draft", "To merge"), ("done", "Merged"), ("undone", "Undone")],
        default="draft",
        required=True,
        readonly=True,
    )
    merged_by_id = fields.Many2one("res.users", readonly=True)
    merged_on = fields.Datetime(readonly=True)
    undone_by_id = fields.Many2one("res.users", readonly=True)
    undone_on = fields.Datetime(readonly=True)
    moved_records = fields.Json(readonly=True, copy=False)
    absorbed_snapshot = fields.Json(
        readonly=True, copy=False, help="The absorbed record as it was before the merge."
    )
    moved_summary = fields.Text(compute="_compute_moved_summary")

    @api.depends("moved_records")
    def _compute_moved_summary(self):
        for merge in self:
            lines = []
            for model, field, ids in (merge.moved_records or {}).get("links", []):
                label = self.env[model]._description if model in self.env else model
                lines.append("%s (%s): %d" % (label, field, len(ids)))
            for model in MAIL_MODELS:
                ids = (merge.moved_records or {}).get(model) or []
                if ids:
                    lines.append("%s: %d" % (self.env[model]._description, len(ids)))
            merge.moved_summary = "\n".join(lines)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            allowed = {"kept_patient_id", "absorbed_patient_id", "twin_id"}
            for vals in vals_list:
                if set(vals) - allowed:
                    raise UserError(self._facts_message())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and (
            set(vals) - {"kept_patient_id", "absorbed_patient_id"}
            or any(merge.state != "draft" for merge in self)
        ):
            raise UserError(self._facts_message())
        return super().write(vals)

    def _facts_message(self):
        return self.env._(
            "A merge records who merged which records and what moved: it is written only by "
            "its Merge and Undo buttons."
        )

    def action_merge(self):
        """Move everything of the absorbed record onto the kept one, and archive it."""
        self.ensure_one()
        self.env["parcours.patient.twin"]._check_vigilance_user()
        if self.state != "draft":
            raise UserError(self.env._("This merge is already done."))
        kept, absorbed = self.kept_patient_id, self.absorbed_patient_id
        (kept | absorbed).check_access("write")
        if kept == absorbed:
            raise UserError(self.env._("Choose two different records to merge."))
        if kept.company_id != absorbed.company_id:
            raise UserError(self.env._("Only records of one organisation can be merged."))
        if not absorbed.active or absorbed.merged_into_id:
            raise UserError(self.env._("The absorbed record is archived or already merged."))
        # sudo: the stored matricules are compared, never shown.
        matricules = {kept.sudo().ins_matricule, absorbed.sudo().ins_matricule} - {False}
        if len(matricules) > 1:
            raise UserError(
                self.env._(
                    "These records hold two different INS: they are two people for the "
                    "national identity, not twins."
                )
            )
        # sudo: the absorbed record's links are moved wherever they are, including records
        # the coordinator's rules hide (another team's pathway of the same person); every
        # move is listed in the merge so it can be undone.
        snapshot = absorbed.sudo().read(self._snapshot_fields(absorbed))[0]
        moved = self.sudo()._move_links(absorbed, kept)
        absorbed_sudo = absorbed.sudo()
        absorbed_sudo.write({"active": False, "merged_into_id": kept.id})
        self.sudo().write(
            {
                "state": "done",
                "merged_by_id": self.env.user.id,
                "merged_on": fields.Datetime.now(),
                "moved_records": moved,
                "absorbed_snapshot": json.loads(json.dumps(snapshot, default=str)),
            }
        )
        # sudo: twins refuse every user's write. Only the pair of the two records just
        # merged is marked, never a twin of other records (another organisation's) that a
        # merge was created with.
        twin = self.twin_id.sudo().filtered(
            lambda pair: pair.patient_id | pair.other_patient_id == kept | absorbed
        )
        if twin:
            twin.write(
                {
                    "state": "merged",
                    "reviewed_by_id": self.env.user.id,
                    "reviewed_on": fields.Datetime.now(),
                }
            )
        self._log_identity_event("merge")
        kept.message_post(
            body=self.env._(
                "Record #%(absorbed)s (%(name)s) merged into this one by %(user)s.",
                absorbed=absorbed.id,
                name=absorbed.display_name,
                user=self.env.user.name,
            )
        )
        return True

    def action_undo(self):
        """Put back on the absorbed record what the merge moved, and reactivate it."""
        self.ensure_one()
        self.env["parcours.patient.twin"]._check_vigilance_user()
        if self.state != "done":
            raise UserError(self.env._("Only a done merge can be undone."))
        kept, absorbed = self.kept_patient_id, self.absorbed_patient_id
        kept.check_access("write")
        # sudo: the moves listed by the merge are reversed, on the records it moved only.
        self.sudo()._move_back(kept, absorbed)
        absorbed.sudo().write({"active": True, "merged_into_id": False})
        self.sudo().write(
            {
                "state": "undone",
                "undone_by_id": self.env.user.id,
                "undone_on": fields.Datetime.now(),
            }
        )
        self._log_identity_event("unmerge")
        return True

    def _log_identity_event(self, kind):
        # sudo: identity events are written by the identity actions only, here for the two
        # records of this merge, which the coordinator was checked to write.
        Event = self.env["parcours.patient.identity.event"].sudo()
        for patient in self.kept_patient_id | self.absorbed_patient_id:
            Event.create(
                {
                    "patient_id": patient.id,
                    "kind": kind,
                    "old_status": patient.identity_status,
                    "new_status": patient.identity_status,
                    "note": "#%d -> #%d" % (self.absorbed_patient_id.id, self.kept_patient_id.id),
                }
            )

    @api.model
    def _snapshot_fields(self, patient):
        return [
            name
            for name, field in patient._fields.items()
            if field.store and field.type not in ("one2many", "many2many", "binary")
        ]

    @api.model
    def _patient_links(self):
        """(model, field) of every stored link to a patient, in every installed addon."""
        links = []
        for model_name in self.env.registry:
            Model = self.env[model_name]
            if model_name in NOT_MOVED or Model._abstract or Model._transient or not Model._auto:
                continue
            for name, field in Model._fields.items():
                if (
                    field.type in ("many2one", "many2many")
                    and field.comodel_name == "parcours.patient"
                    and field.store
                    and not field.compute
                    and not field.related
                ):
                    links.append((model_name, name, field.type))
        return links

    def _move_links(self, source, target):
        moved = {"links": []}
        for model_name, name, kind in self._patient_links():
            records = (
                self.env[model_name]
                .with_context(active_test=False)
                .search([(name, "in", source.ids)])
            )
            if not records:
                continue
            if kind == "many2one":
                records.write({name: target.id})
            else:
                records.write({name: [Command.unlink(source.id), Command.link(target.id)]})
            moved["links"].append([model_name, name, records.ids])
        target_followers = self.env["mail.followers"].search(
            [("res_model", "=", "parcours.patient"), ("res_id", "=", target.id)]
        )
        for model in MAIL_MODELS:
            res_model = "model" if model == "mail.message" else "res_model"
            domain = [(res_model, "=", "parcours.patient"), ("res_id", "=", source.id)]
            if model == "mail.followers":
                domain.append(("partner_id", "not in", target_followers.partner_id.ids))
            records = self.env[model].search(domain)
            records.write({"res_id": target.id})
            moved[model] = records.ids
        return moved

    def _move_back(self, target, source):
        moved = self.moved_records or {}
        for model_name, name, ids in moved.get("links", []):
            if model_name not in self.env:
                continue
            records = self.env[model_name].with_context(active_test=False).browse(ids).exists()
            if self.env[model_name]._fields[name].type == "many2one":
                records.filtered(lambda record, name=name: record[name] == target).write(
                    {name: source.id}
                )
            else:
                records.write({name: [Command.unlink(target.id), Command.link(source.id)]})
        for model in MAIL_MODELS:
            records = self.env[model].browse(moved.get(model) or []).exists()
            records.filtered(lambda record: record.res_id == target.id).write({"res_id": source.id})
