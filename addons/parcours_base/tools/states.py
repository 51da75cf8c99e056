"""Guards shared by the records that move through states (pathways, RCP meetings)."""

from odoo.exceptions import UserError


def ensure_state(record, allowed):
    """Refuse an action on `record` unless its state is one of `allowed`."""
    record.ensure_one()
    if record.state not in allowed:
        labels = dict(record._fields["state"]._description_selection(record.env))
        raise UserError(
            record.env._(
                "%(record)s is %(state)s: this action is not possible now.",
                record=record.display_name,
                state=labels[record.state].lower(),
            )
        )
