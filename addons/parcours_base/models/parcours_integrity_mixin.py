from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Longest text a one-line field takes: long enough for any name or reference, short
# enough for the database indexes built on them (no "index row requires N bytes").
CHAR_MAX_LENGTH = 256
# How far ahead encounters and measurements may be planned, unless an administrator sets
# the system parameter below.
PLANNING_HORIZON_PARAMETER = "parcours_base.planning_horizon_days"
PLANNING_HORIZON_DAYS = 730
# PostgreSQL's integer column: beyond, the database would refuse the value itself.
INTEGER_MAX = 2**31 - 1


class ParcoursIntegrityMixin(models.AbstractModel):
    """Server-side guards shared by the Parcours records: the door every write goes through.

    - Lifecycle fields (state, dates, decisions, deciders, approvals, locks, links) are
      facts written only by the action methods that own them. Those actions check who,
      when and in which order, then write through `_write_lifecycle`, a private method
      keyed on the superuser environment. A plain `create`/`write` of those fields by
      anyone else is refused, whatever the client sends (views' readonly is decoration).
    - Locked records (validated minutes, a validated care plan...) refuse every change
      except through their owning actions.
    - Values are checked before the database sees them: numbers within plausible bounds,
      one-line texts of a bounded length, names not blank.
    """

    _name = "parcours.integrity.mixin"
    _description = "Guards on lifecycle fields, locks and plausible values"

    # ------------------------------------------------------------------ declarations
    def _lifecycle_fields(self):
        """Names of the fields only the owning actions write (extend with super())."""
        return set()

    def _lifecycle_create_fields(self):
        """Lifecycle fields that whoever creates the record may still set at creation."""
        return set()

    def _lifecycle_locked(self):
        """The records of `self` that refuse any plain change (e.g. validated minutes)."""
        return self.browse()

    def _lifecycle_lock_message(self, record):
        return self.env._("%s is locked: it changes only through its actions.", record.display_name)

    def _value_bounds(self):
        """{field name: (minimum, maximum)} of the numbers users type."""
        return {}

    def _non_blank_fields(self):
        """Text fields that must hold more than spaces when given."""
        return set()

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_plausible_values(vals)
        if not self.env.su:
            self._check_lifecycle_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_plausible_values(vals)
        if not self.env.su:
            self._check_lifecycle_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ private path
    def _write_lifecycle(self, vals):
        """Write lifecycle fields for the action that owns them.

        The calling action has checked role, state, consent and order of dates; the
        user must still be allowed to write these records (access rights and rules).
        """
        self.check_access("write")
        # sudo: the owning action checked who may do it; only `vals` is written.
        return self.sudo().write(vals)

    @api.model
    def _create_lifecycle(self, vals_list):
        """Create records holding lifecycle facts for the action that owns them."""
        self.check_access("create")
        # sudo: the owning action checked who may do it; the records are re-read as the user.
        records = self.sudo().create(vals_list)
        return records.sudo(False)

    # ------------------------------------------------------------------ checks
    def _planning_horizon_end(self):
        """The last day a planned encounter or measurement may fall on."""
        # sudo: one setting an administrator chose, read by any user planning an encounter.
        days = self.env["ir.config_parameter"].sudo().get_param(PLANNING_HORIZON_PARAMETER)
        try:
            days = int(days or PLANNING_HORIZON_DAYS)
        except (TypeError, ValueError):
            days = PLANNING_HORIZON_DAYS
        return fields.Date.context_today(self) + timedelta(days=days)

    def _check_within_horizon(self, day, what):
        """Refuse `day` beyond the planning horizon (`what` names the record)."""
        if day and day > self._planning_horizon_end():
            raise ValidationError(
                self.env._(
                    "%(record)s is dated %(day)s, beyond the planning horizon (%(end)s).",
                    record=what,
                    day=fields.Date.to_string(day),
                    end=fields.Date.to_string(self._planning_horizon_end()),
                )
            )

    def _check_coordinator(self):
        """Refuse an action reserved to the programme's coordinators."""
        if not self.env.su and not self.env.user.has_group(
            "parcours_base.group_parcours_coordinator"
        ):
            raise AccessError(
                self.env._(
                    "Only a coordinator may do this on %(model)s.",
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    def _check_lifecycle_create(self, vals_list):
        # As a model method: `self` may hold the record being copied.
        model = self.browse()
        protected = model._lifecycle_fields() - model._lifecycle_create_fields()
        given = {name for vals in vals_list for name in vals if name in protected}
        if not given:
            return
        defaults = self.default_get(list(given))
        for vals in vals_list:
            for name in given & set(vals):
                field = self._fields[name]
                value = field.convert_to_cache(vals[name], self, validate=False)
                default = field.convert_to_cache(defaults.get(name), self, validate=False)
                if value and value != default:
                    self._raise_lifecycle(name)

    def _check_lifecycle_write(self, vals):
        protected = self._lifecycle_fields() & set(vals)
        if protected:
            self._raise_lifecycle(sorted(protected)[0])
        locked = self._lifecycle_locked()
        if locked:
            raise UserError(self._lifecycle_lock_message(locked[0]))

    def _raise_lifecycle(self, name):
        label = self._fields[name].get_description(self.env)["string"]
        raise UserError(
            self.env._(
                "%(field)s of %(model)s is set by its actions only (the buttons of the form), "
                "never by a direct change.",
                field=label,
                model=self.env["ir.model"]._get(self._name).name,
            )
        )

    def _check_plausible_values(self, vals):
        bounds = self._value_bounds()
        blank = self._non_blank_fields()
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            # 0 is a value to check (0 == False in Python: compare by identity).
            if name in bounds and value is not None and value is not False:
                low, high = bounds[name]
                if not isinstance(value, int | float) or not low <= value <= high:
                    label = field.get_description(self.env)["string"]
                    raise ValidationError(
                        self.env._(
                            "%(field)s must be between %(low)s and %(high)s.",
                            field=label,
                            low=low,
                            high=high,
                        )
                    )
            if (
                field.type == "integer"
                and isinstance(value, int)
                and not -INTEGER_MAX <= value <= INTEGER_MAX
            ):
                raise ValidationError(
                    self.env._(
                        "%s is not a plausible number.", field.get_description(self.env)["string"]
                    )
                )
            if field.type == "char" and isinstance(value, str):
                if len(value) > (field.size or CHAR_MAX_LENGTH):
                    label = field.get_description(self.env)["string"]
                    raise ValidationError(
                        self.env._(
                            "%(field)s is too long (%(length)s characters at most).",
                            field=label,
                            length=field.size or CHAR_MAX_LENGTH,
                        )
                    )
            if name in blank and (value is False or (isinstance(value, str) and not value.strip())):
                label = field.get_description(self.env)["string"]
                raise ValidationError(self.env._("%s cannot be empty.", label))
