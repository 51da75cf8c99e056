from lxml.builder import E

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.models import READ_GROUP_AGGREGATE, parse_read_group_spec
from odoo.tools import SQL

from ..tools.data_access import CATEGORY_GROUPS, category_restrictions, field_category


class ParcoursDataCategoryMixin(models.AbstractModel):
    """Medical and social fields read per programme.

    The field groups (`groups=MEDICAL` / `groups=SOCIAL`) stay the outer gate: a user holds
    a data group when their profession reads that category in at least one programme. The
    programme's data-access policy (`parcours.programme.data.access`) then decides record by
    record: on a record of a programme whose policy does not open the category to the
    user's profession, the field reads as empty (read, web_read, search_read, export), never
    matches a search term, sorts and groups as empty, aggregates nothing, is left out of the
    tracking lines shown in the chatter, and cannot be written (AccessError). Forms hide it
    and say that the programme's policy withholds it, rather than show it empty (an empty
    serology reads as "not tested").
    """

    _name = "parcours.data.category.mixin"
    _description = "Medical and social data read per programme"
    # Path from the record to the programme whose policy applies.
    _parcours_programme_path = "pathway_id.programme_id"

    parcours_medical_hidden = fields.Boolean(
        string="Medical Data Withheld",
        compute="_compute_parcours_hidden",
        help="The programme's data-access policy does not open this record's medical data to "
        "your profession.",
    )
    parcours_social_hidden = fields.Boolean(
        string="Social Data Withheld",
        compute="_compute_parcours_hidden",
        help="The programme's data-access policy does not open this record's social data to "
        "your profession.",
    )

    @api.depends(lambda self: [self._parcours_programme_path])
    @api.depends_context("uid")
    def _compute_parcours_hidden(self):
        refused = self._parcours_refused_records({"medical", "social"})
        for record in self:
            record.parcours_medical_hidden = record in refused.get("medical", ())
            record.parcours_social_hidden = record in refused.get("social", ())

    # ------------------------------------------------------------ the shared check
    @api.model
    def _parcours_data_restrictions(self):
        """{category: (operator, programme ids)}: where the user reads each data category
        they hold a group for, when that is not every programme."""
        if self.env.su:
            return {}
        user = self.env.user
        held = {category for category, xmlid in CATEGORY_GROUPS.items() if user.has_group(xmlid)}
        if not held:
            return {}
        # sudo: the user's own profession and the programmes' policy lines for it, read to
        # restrict what the user sees, never shown.
        profession = user.sudo().partner_id.parcours_profession_id
        if not profession:
            return {}
        lines = (
            self.env["parcours.programme.data.access"]
            .sudo()
            .search([("profession_id", "=", profession.id)])
        )
        return category_restrictions(
            profession.data_access,
            {line.programme_id.id: line.data_access for line in lines},
            held,
        )

    @api.model
    def _parcours_field_categories(self, field_names):
        categories = {}
        for name in field_names:
            field = self._fields.get(name)
            category = field_category(field) if field else None
            if category:
                categories[name] = category
        return categories

    def _parcours_refused_fields(self, field_names):
        """{field name: records of self on which the user may not read that field}."""
        if self.env.su or not self:
            return {}
        categories = self._parcours_field_categories(field_names)
        if not categories:
            return {}
        refused = self._parcours_refused_records(set(categories.values()))
        return {
            name: refused[category] for name, category in categories.items() if category in refused
        }

    def _parcours_refused_records(self, categories):
        """{category: records of self whose programme does not open it to the user}."""
        if self.env.su or not self:
            return {}
        restrictions = self._parcours_data_restrictions()
        categories = set(categories) & set(restrictions)
        if not categories:
            return {}
        path = self._parcours_programme_path
        # sudo: only the programme of records the user is already reading, to apply its policy.
        programmes = {record.id: record.mapped(path).id for record in self.sudo()}
        refused = {}
        for category in categories:
            operator, programme_ids = restrictions[category]
            records = self.filtered(
                lambda record, ids=programme_ids, op=operator: (
                    (programmes[record.id] in ids) == (op == "not in")
                )
            )
            if records:
                refused[category] = records
        return refused

    def _parcours_readable_condition(self, category):
        """SQL: the row of the main table is of a programme opening `category` to the user
        (None: no restriction)."""
        restriction = self._parcours_data_restrictions().get(category)
        if not restriction:
            return None
        operator, programme_ids = restriction
        # sudo: which rows belong to the policy's programmes; no value of them is read.
        query = (
            self.sudo()
            .with_context(active_test=False)
            ._search([(self._parcours_programme_path, operator, programme_ids)])
        )
        return SQL("%s IN %s", SQL.identifier(self._table, "id"), query.subselect())

    def _parcours_refusal(self, names):
        return AccessError(
            self.env._(
                "The data-access policy of the programme does not open %(fields)s of "
                "%(model)s to your profession.",
                fields=", ".join(sorted(names)),
                model=self.env["ir.model"]._get(self._name).name,
            )
        )

    # ------------------------------------------------------------ forms
    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            self._parcours_hide_withheld_fields(arch)
        return arch, view

    @api.model
    def _parcours_hide_withheld_fields(self, arch):
        """Hide the medical and social fields of a form on the records whose programme
        withholds them from the user, and say so above the form's sheet."""
        flags = {"medical": "parcours_medical_hidden", "social": "parcours_social_hidden"}
        used = set()
        for node in arch.iter("field"):
            if any(parent.tag == "field" for parent in node.iterancestors()):
                continue  # a field of a line's own view, of another model
            field = self._fields.get(node.get("name"))
            category = field_category(field) if field else None
            if not category:
                continue
            flag = flags[category]
            invisible = node.get("invisible")
            node.set("invisible", "(%s) or %s" % (invisible, flag) if invisible else flag)
            used.add(flag)
        if not used:
            return
        banner = E.div(
            self.env._(
                "Part of this record is not shown: its programme's data-access policy does "
                "not open it to your profession."
            ),
            {
                "class": "alert alert-info",
                "role": "status",
                "invisible": " and ".join("not %s" % flag for flag in sorted(used)),
            },
        )
        sheet = arch.find(".//sheet")
        if sheet is None:
            arch.insert(0, banner)
        else:
            sheet.insert(0, banner)
        for flag in sorted(used):
            arch.append(E.field(name=flag, invisible="1"))

    # ------------------------------------------------------------ read, web_read, search_read
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        refused = self._parcours_refused_fields(fnames)
        if refused:
            rows = {row["id"]: row for row in result}
            for name, records in refused.items():
                empty = [] if self._fields[name].type in ("one2many", "many2many") else False
                for record in records:
                    if record.id in rows:
                        rows[record.id][name] = empty
        return result

    # ------------------------------------------------------------ search, order, read_group
    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and domain:
            domain = self._parcours_restrict_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _parcours_restrict_domain(self, domain):
        """Each term on a restricted field also requires a programme opening its category:
        the term never matches a record whose value the user may not read."""

        def name(term):
            if isinstance(term, list | tuple) and len(term) == 3 and isinstance(term[0], str):
                return term[0].split(".", 1)[0]
            return None

        categories = self._parcours_field_categories(filter(None, map(name, domain)))
        if not categories:
            return domain
        restrictions = self._parcours_data_restrictions()
        if not set(categories.values()) & set(restrictions):
            return domain
        restricted = []
        for term in domain:
            category = categories.get(name(term))
            if category in restrictions:
                operator, programme_ids = restrictions[category]
                restricted += ["&", (self._parcours_programme_path, operator, programme_ids), term]
            else:
                restricted.append(term)
        return restricted

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        category = self._parcours_field_categories([field_name.split(".", 1)[0]])
        if category and set(category.values()) & set(self._parcours_data_restrictions()):
            # Sorting on a field the user reads on some records only would rank the others.
            return SQL()
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _read_group_groupby(self, groupby_spec, query):
        sql = super()._read_group_groupby(groupby_spec, query)
        fname = parse_read_group_spec(groupby_spec)[0]
        category = self._parcours_field_categories([fname]).get(fname)
        condition = category and self._parcours_readable_condition(category)
        if condition is None or not category:
            return sql
        if self._fields[fname].type == "many2many":
            raise self._parcours_refusal([fname])
        return SQL("CASE WHEN %s THEN %s END", condition, sql)

    def _read_group_select(self, aggregate_spec, query):
        sql = super()._read_group_select(aggregate_spec, query)
        if aggregate_spec == "__count":
            return sql
        fname, _property, func = parse_read_group_spec(aggregate_spec)
        category = self._parcours_field_categories([fname]).get(fname)
        condition = category and self._parcours_readable_condition(category)
        if condition is None or not category:
            return sql
        value = SQL(
            "CASE WHEN %s THEN %s END", condition, self._field_to_sql(self._table, fname, query)
        )
        return READ_GROUP_AGGREGATE[func](self._table, value)

    # ------------------------------------------------------------ export
    def _export_rows(self, fields, *, _is_toplevel_call=True):
        names = {path[0] for path in fields if path and path[0] not in ("id", ".id")}
        refused = self._parcours_refused_fields(names)
        if not refused:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

        def refused_names(record):
            return frozenset(name for name, records in refused.items() if record in records)

        # Consecutive records refused the same fields are exported together, in order; the
        # columns of those fields are emptied on all their lines (sub-lines included).
        runs = []
        for record in self:
            names_refused = refused_names(record)
            if runs and runs[-1][0] == names_refused:
                runs[-1][1].append(record.id)
            else:
                runs.append((names_refused, [record.id]))
        lines = []
        for names_refused, ids in runs:
            run = self.browse(ids).with_prefetch(self._prefetch_ids)
            run_lines = super(ParcoursDataCategoryMixin, run)._export_rows(
                fields, _is_toplevel_call=_is_toplevel_call
            )
            columns = [
                index for index, path in enumerate(fields) if path and path[0] in names_refused
            ]
            for line in run_lines:
                for index in columns:
                    line[index] = False
            lines += run_lines
        return lines

    # ------------------------------------------------------------ chatter
    def _track_filter_for_display(self, tracking_values):
        parent = getattr(super(), "_track_filter_for_display", None)
        if parent:
            tracking_values = parent(tracking_values)
        # tracking_values are read as superuser by mail (admin-only model): their field names.
        refused = self._parcours_refused_fields(tracking_values.field_id.mapped("name"))
        if refused:
            tracking_values = tracking_values.filtered(
                lambda tracking: tracking.field_id.name not in refused
            )
        return tracking_values

    # ------------------------------------------------------------ write
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su:
            for record, vals in zip(records, vals_list, strict=True):
                names = [name for name, value in vals.items() if value]
                defaults = record.default_get(names) if names else {}
                names = [name for name in names if vals[name] != defaults.get(name)]
                refused = record._parcours_refused_fields(names)
                if refused:
                    raise record._parcours_refusal(refused)
        return records

    def write(self, vals):
        refused = self._parcours_refused_fields(list(vals))
        if refused:
            raise self._parcours_refusal(refused)
        return super().write(vals)
