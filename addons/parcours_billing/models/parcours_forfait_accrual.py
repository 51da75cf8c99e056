import hashlib
import hmac
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.parcours_base.tools.bulk import bulk_create

from ..tools import accrual
from ..tools.forfait_split import parse_schedule, scale, split_forfait, to_cents
from ..tools.periods import covered_fraction, forfait_periods


class ParcoursForfaitAccrual(models.AbstractModel):
    """The accrual engine: reads the facts of a period, splits each forfait, books the lines.

    A service, not a record: it is called by the payout run, as superuser, once the run
    checked who may compute it. Counting is done by the pure functions of tools/accrual.py.
    """

    _name = "parcours.forfait.accrual"
    _description = "Forfait accrual engine"

    @api.model
    def _accrue(self, programme, company, date_from, date_to, run=None):
        """Create the draft lines of the periods ending between date_from and date_to.

        A period ends on its last day or when the patient leaves the programme. Keys
        already accrued are skipped, so running a period again creates nothing.
        All reads are batched: the number of queries does not depend on the patients.
        """
        rules = self.env["parcours.forfait.rule"].search(
            [
                ("programme_id", "=", programme.id),
                ("company_id", "in", (company.id, False)),
            ]
        )
        Line = self.env["parcours.forfait.line"]
        if not rules:
            return Line
        facts = self._billing_facts(programme, company, date_to)
        done = {
            (line.pathway_id.id, line.component_id.id, line.period_start)
            # sudo: lines already booked count whoever may read them (idempotency).
            for line in Line.sudo().search_fetch(
                [
                    ("is_current", "=", True),
                    ("rule_id", "in", rules.ids),
                    ("company_id", "=", company.id),
                    ("period_end", ">=", date_from),
                ],
                ["pathway_id", "component_id", "period_start"],
            )
        }
        refs = self._pseudonymous_refs([pathway["id"] for pathway in facts["pathways"]])
        # Read once, not for each of tens of thousands of patients and lines.
        company_id, retained_partner = company.id, company.partner_id
        run_id = run.id if run else False
        vals_list = []
        for rule in rules:
            rule_id, period_kind = rule.id, rule.period_kind
            phases, duration = rule._phase_durations(), rule._period_duration()
            for pathway in facts["pathways"]:
                periods = forfait_periods(
                    period_kind,
                    pathway["inclusion_date"],
                    date_to,
                    phases=phases,
                    duration=duration,
                )
                for start, end in accrual.periods_ending(
                    periods, pathway["end_date"], date_from, date_to
                ):
                    for component_id, partner, cents, facts_of_line in self._split_period(
                        rule, pathway, start, end, facts
                    ):
                        if cents and (pathway["id"], component_id, start) not in done:
                            vals_list.append(
                                {
                                    "pathway_id": pathway["id"],
                                    "pathway_ref": refs[pathway["id"]],
                                    "rule_id": rule_id,
                                    "component_id": component_id,
                                    "company_id": company_id,
                                    "period_start": start,
                                    "period_end": end,
                                    "partner_id": partner.id,
                                    "retained": partner == retained_partner,
                                    "amount_cents": cents,
                                    "source_facts": facts_of_line,
                                    "run_id": run_id,
                                }
                            )
        # sudo: nobody creates forfait lines by hand; the engine books them (the run
        # checked the caller's rights before calling it).
        return bulk_create(Line.sudo(), vals_list).sudo(False)

    @api.model
    def _upcoming_ends(self, programme, company, date_from, date_to, months=12):
        """Forfait periods ending in [date_from, date_to] and, per month, in the months after.

        {"in_period": count, "next": [(first day of month, count)]}: what an empty payout
        preview explains.
        """
        horizon = date_to + relativedelta(months=months)
        pathways = (
            self.env["parcours.pathway"]
            .with_context(active_test=False)
            .search_read(
                [
                    ("programme_id", "=", programme.id),
                    ("company_id", "=", company.id),
                    ("inclusion_date", "!=", False),
                    ("inclusion_date", "<=", horizon),
                    ("state", "!=", "cancelled"),
                ],
                ["inclusion_date", "end_date"],
            )
        )
        in_period = 0
        by_month = defaultdict(int)
        for rule in self.env["parcours.forfait.rule"].search(
            [("programme_id", "=", programme.id), ("company_id", "in", (company.id, False))]
        ):
            phases, duration = rule._phase_durations(), rule._period_duration()
            for pathway in pathways:
                periods = forfait_periods(
                    rule.period_kind,
                    pathway["inclusion_date"],
                    horizon,
                    phases=phases,
                    duration=duration,
                )
                in_period += len(
                    accrual.periods_ending(periods, pathway["end_date"], date_from, date_to)
                )
                for _start, end in accrual.periods_ending(
                    periods, pathway["end_date"], date_to + relativedelta(days=1), horizon
                ):
                    last = accrual.last_day(end, pathway["end_date"])
                    by_month[last.replace(day=1)] += 1
        return {"in_period": in_period, "next": sorted(by_month.items())[:3]}

    @api.model
    def _pseudonymous_refs(self, pathway_ids):
        """Stable references that cannot be traced back to the patient without the key."""
        # sudo: the database secret keys the hash; it is used here, never returned.
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return {
            pathway_id: "PW-"
            + hmac.new(secret.encode(), b"parcours.pathway:%d" % pathway_id, hashlib.sha256)
            .hexdigest()[:10]
            .upper()
            for pathway_id in pathway_ids
        }

    @api.model
    def _pathway_pools(self, programme, pathway_ids):
        """{pathway id: pool key} of the pathways whose pooled costs a structure shares.

        Pathways with no key share each professional's RCP time over the patients on
        whose care team this professional is (the RCP's team). Verticals add keys, e.g.
        the MSMA's microstructure.
        """
        return {}

    @api.model
    def _rcp_pools(self, programme, rcps):
        """{rcp id: pool key}: the pool whose patients share the time spent in each RCP."""
        return {}

    @api.model
    def _billing_facts(self, programme, company, date_to):
        """Pathways, care teams, encounters and RCP attendance needed by the split.

        Accountants have no access to pathways: this narrow sudo() reads only the dates,
        roles and counts the forfait needs, never clinical content.
        """
        # sudo: inclusion and end dates of the programme's pathways of this organisation.
        Pathway = self.env["parcours.pathway"].sudo().with_context(active_test=False)
        pathways = Pathway.search_read(
            [
                ("programme_id", "=", programme.id),
                ("company_id", "=", company.id),
                ("inclusion_date", "!=", False),
                ("inclusion_date", "<=", date_to),
                ("state", "!=", "cancelled"),
            ],
            ["inclusion_date", "end_date"],
            order="id",
        )
        pathway_ids = [pathway["id"] for pathway in pathways]
        span = {
            pathway["id"]: (pathway["inclusion_date"], pathway["end_date"]) for pathway in pathways
        }
        pool_of = self._pathway_pools(programme, pathway_ids)
        # Plain tuples: the split reads them for every pathway and component.
        members = defaultdict(list)
        spans = defaultdict(list)
        # sudo: professions, partners and dates of the care teams of these pathways only.
        for pathway_id, profession_id, partner_id, date_from, date_to in self._rows(
            self.env["parcours.care.team.member"].sudo(),
            [("pathway_id", "in", pathway_ids)],
            ["pathway_id", "profession_id", "partner_id", "date_from", "date_to"],
        ):
            members[pathway_id].append((profession_id, partner_id, date_from, date_to))
            if pool_of.get(pathway_id) is None:
                spans["member", partner_id].append(span[pathway_id])
        for pathway_id, key in pool_of.items():
            if key is not None and pathway_id in span:
                spans[key].append(span[pathway_id])
        # Employment of every professional in one query (the split reads it per component).
        partner_ids = {row[1] for rows in members.values() for row in rows}
        self.env["res.partner"].browse(partner_ids).fetch(
            ["parcours_employment", "parcours_employer_id"]
        )
        encounters = defaultdict(list)
        # sudo: who held which kind of encounter when, never a note, for these pathways only.
        for pathway_id, partner_id, kind_id, start in self._rows(
            self.env["parcours.encounter"].sudo(),
            [("pathway_id", "in", pathway_ids), ("state", "=", "done"), ("billable", "=", True)],
            ["pathway_id", "partner_id", "kind_id", "start"],
            order="start, id",
        ):
            encounters[pathway_id].append((partner_id, kind_id, start.date()))
        # sudo: minutes attended at the programme's validated RCPs of this organisation only.
        attendees = (
            self.env["parcours.rcp.attendee"]
            .sudo()
            .search_fetch(
                [
                    ("rcp_id.state", "=", "validated"),
                    ("rcp_id.programme_ids", "in", programme.id),
                    ("company_id", "=", company.id),
                    ("attendance", "=", "present"),
                ],
                ["partner_id", "minutes_attended", "rcp_id"],
            )
        )
        rcp_pool = self._rcp_pools(programme, attendees.rcp_id)
        attendance = defaultdict(list)  # (pool key, partner id): [(day, minutes)]
        for attendee in attendees:
            rcp = attendee.rcp_id
            attendance[rcp_pool.get(rcp.id), attendee.partner_id.id].append(
                (rcp.date.date(), attendee.minutes_attended)
            )
        return {
            "pathways": pathways,
            "members": members,
            "encounters": encounters,
            "attendance": attendance,
            "pool_of": pool_of,
            "pools": accrual.pools(spans),
            "company": company,
            "rules": {},
            "beneficiaries": {},
        }

    @api.model
    def _rows(self, model, domain, fnames, order=None):
        """Tuples of the stored columns `fnames` of `model`'s records matching `domain`.

        The facts of tens of thousands of patients: rows straight from the query the ORM
        builds (its record rules included), without making records of them.
        """
        model.flush_model(fnames)
        query = model._search(domain, order=order)
        self.env.cr.execute(
            query.select(*(SQL.identifier(model._table, fname) for fname in fnames))
        )
        return self.env.cr.fetchall()

    @api.model
    def _split_inputs(self, rule):
        """The fixed part of the split inputs of a rule, in cents, read once per run."""
        return to_cents(rule.currency_id.round(rule.amount)), [
            {
                "component": component,
                "key": component.id,
                "computation": component.computation,
                "amount": to_cents(component.amount),
                "base": to_cents(component.base_amount),
                "rate": to_cents(component.rate),
                "hourly_rate": to_cents(component.hourly_rate),
                "max_count": component.max_count,
                "min_count": component.min_count,
                "stated": component.pooled_payment == "stated",
                "schedule": parse_schedule(component.schedule),
                "early_exit": component.early_exit,
                "profession_id": component.profession_id.id,
                "kind_id": component.encounter_kind_id.id,
            }
            for component in rule.component_ids
        ]

    @api.model
    def _split_period(self, rule, pathway, start, end, facts):
        """(component id, beneficiary, cents, facts) of one pathway period.

        The facts (counts, minutes, patients) are stored; each reader sees them in their
        own language (parcours.forfait.line._compute_source).
        """
        if rule.id not in facts["rules"]:
            facts["rules"][rule.id] = self._split_inputs(rule)
        total, static_inputs = facts["rules"][rule.id]
        exit_date = pathway["end_date"]
        until = accrual.last_day(end, exit_date)
        team = accrual.team_during(facts["members"][pathway["id"]], start, until)
        pool = facts["pool_of"].get(pathway["id"])
        inputs = []
        resolved = {}
        for static in static_inputs:
            component_id = static["key"]
            partner_id = team.get(static["profession_id"], False)
            if (component_id, partner_id) not in facts["beneficiaries"]:
                facts["beneficiaries"][component_id, partner_id] = static["component"]._beneficiary(
                    self.env["res.partner"].browse(partner_id), facts["company"]
                )
            beneficiary = facts["beneficiaries"][component_id, partner_id]
            count = 0
            pooled = 0
            source = {"kind": "component"}
            computation = static["computation"]
            counts_encounters = computation in ("per_encounter", "initial", "schedule") or (
                computation == "fixed" and static["min_count"]
            )
            if counts_encounters and partner_id:
                count = accrual.done_count(
                    facts["encounters"][pathway["id"]], partner_id, static["kind_id"], start, until
                )
                source = {"kind": "encounters", "count": count}
            if computation == "pooled" and partner_id:
                key = ("member", partner_id) if pool is None else pool
                minutes = accrual.minutes_between(
                    facts["attendance"][pool, partner_id], start, until
                )
                inclusions, exits = facts["pools"].get(key, ([], []))
                patients = max(accrual.followed_between(inclusions, exits, start, until), 1)
                pooled = scale(static["hourly_rate"], minutes, 60 * patients)
                source = {
                    "kind": "rcp",
                    "minutes": minutes,
                    "rate": static["hourly_rate"],
                    "patients": patients,
                    "share": pooled,
                    "stated": bool(static["stated"] and pooled),
                }
            resolved[component_id] = (beneficiary, source)
            inputs.append(dict(static, count=count, pooled=pooled, payable=bool(beneficiary)))
        # What no component takes is not accrued: the organisation keeps it, and the
        # reconciliation shows it as retained.
        parts, _unallocated = split_forfait(total, inputs, covered_fraction(start, end, exit_date))
        return [
            (component_id, resolved[component_id][0], cents, resolved[component_id][1])
            for component_id, cents in parts.items()
        ]
