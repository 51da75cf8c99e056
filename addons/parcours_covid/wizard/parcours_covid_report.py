import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.parcours_covid_referral import COMPLETED_STATES
from ..tools.activity_report import activity_report


class ParcoursCovidReport(models.TransientModel):
    _name = "parcours.covid.report"
    _description = "Long-COVID cell activity report"

    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, default=lambda self: self.env.company
    )
    programme_id = fields.Many2one(
        "parcours.programme",
        required=True,
        default=lambda self: self.env["parcours.programme"].search(
            [("covid_intake", "=", True)], limit=1
        ),
        domain="[('covid_intake', '=', True)]",
    )
    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for report in self:
            if report.date_from > report.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))

    def _domain(self):
        self.ensure_one()
        return [
            ("programme_id", "=", self.programme_id.id),
            ("company_id", "=", self.company_id.id),
            ("request_date", ">=", self.date_from),
            ("request_date", "<=", self.date_to),
            ("state", "!=", "cancelled"),
        ]

    def _report_data(self):
        """The period's figures, with labels as the user reads them."""
        self.ensure_one()
        pathways = self.env["parcours.pathway"].search(self._domain())
        fields_ = pathways._fields
        unknown = self.env._("Unknown")

        def label(pathway, name):
            selection = dict(fields_[name]._description_selection(self.env))
            return selection.get(pathway[name], unknown)

        requests = [
            {
                "requester": label(pathway, "covid_requester"),
                "channel": label(pathway, "covid_channel"),
                "sex": label(pathway, "covid_sex"),
                "age_band": label(pathway, "covid_age_band"),
                "resident": self.env._("Resident")
                if pathway.covid_resident
                else self.env._("Non-resident"),
                "orientation": pathway.covid_orientation_id.name or self.env._("Not oriented"),
                "request_date": pathway.request_date,
                "orientation_date": pathway.covid_orientation_date,
            }
            for pathway in pathways
        ]
        referrals = pathways.covid_referral_ids.mapped("state")
        return activity_report(requests, referrals, COMPLETED_STATES)

    def _section_titles(self):
        return {
            "requester": self.env._("Requester"),
            "channel": self.env._("Channel"),
            "sex": self.env._("Sex"),
            "age_band": self.env._("Age band"),
            "resident": self.env._("Residence"),
            "orientation": self.env._("Orientation"),
        }

    def _xlsx_content(self):
        """The report as an xlsx workbook; every text is written as text, never a formula."""
        data = self._report_data()
        titles = self._section_titles()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Activity"))
        bold = workbook.add_format({"bold": True})
        sheet.write_string(0, 0, self.company_id.name, bold)
        sheet.write_string(
            1,
            0,
            self.env._(
                "From %(start)s to %(end)s",
                start=fields.Date.to_string(self.date_from),
                end=fields.Date.to_string(self.date_to),
            ),
        )
        sheet.write_string(2, 0, self.env._("Requests"), bold)
        sheet.write_number(2, 1, data["total"])
        row = 4
        for section, lines in data["sections"]:
            sheet.write_string(row, 0, titles[section], bold)
            sheet.write_string(row, 1, self.env._("Count"), bold)
            sheet.write_string(row, 2, self.env._("Share (%)"), bold)
            row += 1
            for value, count, share in lines:
                sheet.write_string(row, 0, str(value))
                sheet.write_number(row, 1, count)
                sheet.write_number(row, 2, share)
                row += 1
            row += 1
        sheet.write_string(row, 0, self.env._("Median days from request to orientation"), bold)
        if data["median_delay"] is not None:
            sheet.write_number(row, 1, data["median_delay"])
        sheet.write_string(row + 1, 0, self.env._("Referrals"), bold)
        sheet.write_number(row + 1, 1, data["referral_count"])
        sheet.write_string(row + 2, 0, self.env._("Referrals completed (%)"), bold)
        if data["referral_completion"] is not None:
            sheet.write_number(row + 2, 1, data["referral_completion"])
        sheet.set_column(0, 0, 45)
        workbook.close()
        return buffer.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        return self.env["ir.attachment"]._parcours_download_action(
            self.env._(
                "Long-COVID activity %(start)s %(end)s.xlsx",
                start=fields.Date.to_string(self.date_from),
                end=fields.Date.to_string(self.date_to),
            ),
            self._xlsx_content(),
            owner=self,
        )

    def action_open_pivot(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_covid.parcours_covid_activity_action"
        )
        action["domain"] = self._domain()
        return action
