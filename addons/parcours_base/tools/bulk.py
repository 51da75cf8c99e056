"""Create many records in one statement, then do what the ORM's own create does after it.

A payout run inserts tens of thousands of forfait lines: the ORM's create costs about half
a millisecond a record, most of it spent one row at a time. Here each column is sent as one
array; everything `Model._create` does after its INSERT is then done by the ORM itself.
"""

from collections import defaultdict

from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL, clean_context


def bulk_create(model, vals_list):
    """Create records of `model` from `vals_list` (dicts with the same keys) and return them.

    Only plain stored columns may be given (no x2many, translated or property field).
    The other stored fields get their defaults (`default_get`, read once); the new rows then
    go in the cache, inverse one2manys learn about them, every computed field depending on
    them is recomputed by the ORM (`modified`, then the next flush), Python constraints are
    checked (`_validate_fields`) and access is checked on the inserted rows, record rules
    included (`check_access`), exactly as `Model._create` does.
    """
    model.check_access("create")
    if not vals_list:
        return model.browse()
    env = model.env
    env.flush_all()
    names = list(vals_list[0])
    for name in names:
        field = model._fields[name]
        if not field.store or not field.column_type or field.translate or field.compute:
            raise ValueError("%s.%s cannot be bulk created" % (model._name, name))
    # A client's `default_*` context keys never reach bulk-created rows.
    defaults = model.with_context(clean_context(env.context)).default_get(
        [
            name
            for name, field in model._fields.items()
            if field.store
            and field.column_type
            and not field.compute
            and name not in names
            and name not in LOG_ACCESS_COLUMNS
            and name != "id"
        ]
    )
    columns = names + [name for name in defaults if name not in names]
    fields = [model._fields[name] for name in columns]
    arrays = [
        SQL(
            "%s::%s[]",
            [
                field.convert_to_column_insert(
                    vals.get(field.name, defaults.get(field.name)), model
                )
                for vals in vals_list
            ],
            SQL(field.column_type[1]),
        )
        for field in fields
    ]
    env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (%(columns)s, create_uid, write_uid, create_date, write_date)
            SELECT *, %(uid)s, %(uid)s, %(now)s, %(now)s FROM unnest(%(arrays)s)
            RETURNING id
            """,
            table=SQL.identifier(model._table),
            columns=SQL(", ").join(SQL.identifier(name) for name in columns),
            arrays=SQL(", ").join(arrays),
            uid=env.uid,
            now=env.cr.now(),
        )
    )
    records = model.browse([row[0] for row in env.cr.fetchall()])
    # The cache holds what was inserted; the other stored fields are empty or computed.
    for field in fields:
        env.cache.update(
            records,
            field,
            [
                field.convert_to_cache(vals.get(field.name, defaults.get(field.name)), model)
                for vals in vals_list
            ],
        )
    for field in model._fields.values():
        if field.type in ("one2many", "many2many"):
            env.cache.update(records, field, [()] * len(records))
        elif field.store and field.column_type and not field.compute and field not in fields:
            if field.name not in LOG_ACCESS_COLUMNS and field.name != "id":
                env.cache.update(
                    records, field, [field.convert_to_cache(None, model)] * len(records)
                )
    # Many2ones: the inverse one2manys already in cache learn about the new records.
    for field in fields:
        if field.type == "many2one" and model.pool.field_inverses[field]:
            by_value = defaultdict(list)
            for record, vals in zip(records, vals_list, strict=True):
                by_value[vals.get(field.name, defaults.get(field.name))].append(record.id)
            for value, ids in by_value.items():
                field._update_inverses(model.browse(ids), field.convert_to_cache(value, model))
    records.modified(model._fields, create=True)
    records._validate_fields(columns)
    records.check_access("create")
    return records
