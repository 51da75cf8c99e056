"""Create many records in one statement, doing around it what the ORM does.

A payout run inserts tens of thousands of forfait lines: the ORM's create
costs about half a millisecond a record, most of it spent one row at a time. Here each column
is sent as one array; the stored computed fields are computed by the model's own compute
methods before the statement, so that each row is written once; and what `Model._create`
does afterwards is done by the ORM itself.
"""

from collections import defaultdict

from psycopg2.extras import Json

from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL, clean_context


def _computed_in_cache(records, fields):
    """Values of the stored computed `fields` of `records`, computed by the ORM in cache.

    Every input of the computations must be in cache (the rows may not exist yet). The
    values are returned per field and left clean in cache: the caller writes them.

    A compute method is a function of the fields it depends on (`@api.depends`): records
    whose first-level dependencies hold the same values get the same result. The ORM
    computes it on one record of each such group, and the value is given to the others;
    a payout run's tens of thousands of lines fall into a few hundred groups.
    """
    env = records.env
    values = {}
    for field in fields:
        if field in values:
            continue
        # Fields computed by the same method are computed together.
        siblings = [f for f in records.pool.field_computed.get(field, [field]) if f in fields]
        groups = _groups_of_same_inputs(records, siblings)
        computed = records.browse([ids[0] for ids in groups.values()]) if groups else records
        for sibling in siblings:
            env.add_to_compute(sibling, computed)
        for sibling in siblings:
            sibling.recompute(computed)
        for sibling in siblings:
            if groups:
                value_of = {}
                for ids in groups.values():
                    value = env.cache.get(records.browse(ids[0]), sibling)
                    value_of.update(dict.fromkeys(ids, value))
                values[sibling] = [value_of[record_id] for record_id in records._ids]
                env.cache.clear_dirty_field(sibling)
                env.cache.update(records, sibling, values[sibling])
            else:
                values[sibling] = [env.cache.get(record, sibling) for record in records]
    for field in values:
        env.cache.clear_dirty_field(field)
    return values


def _groups_of_same_inputs(records, fields):
    """{values of the first-level dependencies of `fields`: [record ids]}, or None.

    None when the records cannot be grouped: no declared dependency (the value may depend
    on the record itself), a dependency not in cache or whose value cannot be compared.
    """
    names = sorted(
        {path.split(".")[0] for field in fields for path in records.pool.field_depends[field]}
    )
    if not names or "id" in names:
        return None
    cache = records.env.cache
    columns = [records._fields[name] for name in names]
    groups = defaultdict(list)
    try:
        for record in records:
            groups[tuple(cache.get(record, column) for column in columns)].append(record.id)
    except (KeyError, TypeError):  # CacheMiss is a KeyError; a dict or list is unhashable
        return None
    return groups


def _converted(values, convert):
    """[convert(value) for value in values], converting each distinct value once.

    Conversions to the cache or to a column are functions of the value (the model is
    empty or the same for all): a column of tens of thousands of rows holds a few hundred
    distinct values. A value that cannot be a key (a dict) is converted each time.
    """
    done = {}
    result = []
    for value in values:
        key = (type(value), value)
        try:
            result.append(done[key])
        except KeyError:
            done[key] = convert(value)
            result.append(done[key])
        except TypeError:
            result.append(convert(value))
    return result


def _array_element(value):
    """A column value as an element of a PostgreSQL array literal ('{...}')."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, Json):
        value = value.dumps(value.adapted)
    # Quoted, with the array syntax's escapes: the text form of dates, numbers and strings.
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"')


def _column_array(field, values, model):
    """SQL of a column's values as one typed array.

    One text literal ('{...}'), not the list psycopg2 would send as ARRAY[...]: PostgreSQL
    parses the literal about twice as fast as an expression with one node per element, and
    each distinct value is converted once.
    """
    elements = _converted(
        values, lambda value: _array_element(field.convert_to_column_insert(value, model))
    )
    return SQL("%s::%s[]", "{%s}" % ",".join(elements), SQL(field.column_type[1]))


def bulk_create(model, vals_list):
    """Create records of `model` from `vals_list` (dicts with the same keys) and return them.

    Only plain stored columns may be given (no x2many, translated or property field).
    The other stored fields get their defaults (`default_get`, read once, without the
    client's `default_*` keys); the stored computed fields are computed by the model's
    compute methods on the new records in cache, before the single INSERT (their inputs must
    be fields of the record or of existing records). Then, as `Model._create` does: inverse
    one2manys learn about the new records, what depends on them is marked to recompute
    (`modified`), Python constraints are checked (`_validate_fields`) and access is checked
    on the inserted rows, record rules included (`check_access`).
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
    given = [model._fields[name] for name in names + [n for n in defaults if n not in names]]
    env.cr.execute(
        SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            "%s_id_seq" % model._table,
            len(vals_list),
        )
    )
    records = model.browse([row[0] for row in env.cr.fetchall()])
    # The cache holds the new rows as _create puts them: given values, empty others.
    for field in given:
        env.cache.update(
            records,
            field,
            _converted(
                (vals.get(field.name, defaults.get(field.name)) for vals in vals_list),
                lambda value, field=field: field.convert_to_cache(value, model),
            ),
        )
    computed = []
    for field in model._fields.values():
        if field.type in ("one2many", "many2many"):
            env.cache.update(records, field, [()] * len(records))
        elif not field.store or not field.column_type or field in given:
            continue
        elif field.compute:
            computed.append(field)
        elif field.name not in LOG_ACCESS_COLUMNS and field.name != "id":
            env.cache.update(records, field, [field.convert_to_cache(None, model)] * len(records))
    computed_values = _computed_in_cache(records, computed)
    columns = [*given, *computed]
    arrays = [
        _column_array(
            field, (vals.get(field.name, defaults.get(field.name)) for vals in vals_list), model
        )
        for field in given
    ] + [
        _column_array(field, (field.convert_to_write(value, model) for value in values), model)
        for field, values in computed_values.items()
    ]
    env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (id, %(columns)s, create_uid, write_uid, create_date,
                                   write_date)
            SELECT *, %(uid)s, %(uid)s, %(now)s, %(now)s FROM unnest(%(ids)s, %(arrays)s)
            """,
            table=SQL.identifier(model._table),
            columns=SQL(", ").join(SQL.identifier(field.name) for field in columns),
            ids=SQL("%s::int4[]", "{%s}" % ",".join(map(str, records._ids))),
            arrays=SQL(", ").join(arrays),
            uid=env.uid,
            now=env.cr.now(),
        )
    )
    # Many2ones: the inverse one2manys already in cache learn about the new records.
    for field in given:
        if field.type == "many2one" and model.pool.field_inverses[field]:
            by_value = defaultdict(list)
            for record in records:
                by_value[env.cache.get(record, field)].append(record.id)
            for value, ids in by_value.items():
                field._update_inverses(model.browse(ids), value)
    with env.protecting(computed, records):
        records.modified(model._fields, create=True)
    records._validate_fields(field.name for field in columns)
    records.check_access("create")
    return records
