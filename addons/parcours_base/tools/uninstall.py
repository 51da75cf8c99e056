"""What a programme addon's uninstallation keeps: the shipped records its pathways still use.

Uninstalling an addon deletes the records of its data files. A programme, its stages, roles,
checklist items or end reasons still used by pathways (links with ``ondelete="restrict"``)
cannot be deleted: Odoo tries anyway, PostgreSQL refuses, and the log shows
``bad query: DELETE FROM parcours_programme``. Before Odoo tries, the addon's uninstall hook
calls `keep_data_in_use`: each such record is archived (contacts excepted) and its external
id moves to ``KEPT_MODULE``, so that Odoo leaves it alone. Reinstalling the addon (its pre-init hook
calls `restore_kept_data`) takes the records back under their own external ids.
"""

from collections import defaultdict

KEPT_MODULE = "__parcours_kept__"


def _restricted_references(env):
    """{model name: [(referencing model, field name)]} of the stored many2one fields that
    forbid deleting their target (``ondelete="restrict"``, the default of required ones)."""
    references = defaultdict(list)
    for model in env.values():
        if model._abstract or not model._auto:
            continue
        for field in model._fields.values():
            if field.type == "many2one" and field.store and field.ondelete == "restrict":
                references[field.comodel_name].append((model._name, field.name))
    return references


def _removed_models(env, module):
    """The models only `module` declares: their tables go away with it."""
    Data = env["ir.model.data"]
    declared = Data.search([("module", "=", module), ("model", "=", "ir.model")])
    elsewhere = Data.search(
        [
            ("module", "!=", module),
            ("model", "=", "ir.model"),
            ("res_id", "in", declared.mapped("res_id")),
        ]
    )
    only_here = set(declared.mapped("res_id")) - set(elsewhere.mapped("res_id"))
    return set(env["ir.model"].browse(only_here).exists().mapped("model"))


def keep_data_in_use(env, module):
    """Archive and keep the records of `module`'s data that other records still point to.

    Returns {model name: kept ids}.
    """
    removed = _removed_models(env, module)
    # The rows of the models leaving with the addon go with their tables (dropped with
    # CASCADE). Deleting the shipped ones row by row first would fail on the links between
    # them (a demo referral pointing to a resource): Odoo is not asked to.
    env["ir.model.data"].search([("module", "=", module), ("model", "in", list(removed))]).unlink()
    data = env["ir.model.data"].search([("module", "=", module), ("model", "not like", "ir.%")])
    data = data.filtered(lambda entry: entry.model in env and entry.model not in removed)
    shipped = defaultdict(set)
    for entry in data:
        shipped[entry.model].add(entry.res_id)
    # The data of every addon leaving with this one is deleted too.
    leaving = env["ir.module.module"].search([("state", "=", "to remove")]).mapped("name")
    leaving_data = defaultdict(set)
    for entry in env["ir.model.data"].search([("module", "in", [module, *leaving])]):
        leaving_data[entry.model].add(entry.res_id)
    references = _restricted_references(env)
    # The shipped records that other rows point to and that block their deletion...
    pending = []
    for model_name, ids in shipped.items():
        for source_model, field_name in references.get(model_name, ()):
            Source = env[source_model].with_context(active_test=False)
            rows = Source.search([(field_name, "in", list(ids))])
            rows -= Source.browse(leaving_data.get(source_model, ()))
            pending += [(model_name, record_id) for record_id in rows.mapped(field_name).ids]
    # ... and what a kept record needs: the shipped records whose deletion would take it along.
    kept = defaultdict(set)
    while pending:
        model_name, record_id = pending.pop()
        if record_id in kept[model_name]:
            continue
        kept[model_name].add(record_id)
        record = env[model_name].browse(record_id)
        for field in record._fields.values():
            if (
                field.type == "many2one"
                and field.store
                and field.ondelete in ("restrict", "cascade")
                and record[field.name].id in shipped.get(field.comodel_name, ())
            ):
                pending.append((field.comodel_name, record[field.name].id))
    for model_name, ids in kept.items():
        records = env[model_name].browse(ids)
        # Contacts stay active: the professionals and structures that pathways name remain
        # the organisation's contacts (and the contact of an active user cannot be archived).
        if "active" in records._fields and model_name != "res.partner":
            records.write({"active": False})
    for entry in data:
        if entry.res_id in kept.get(entry.model, ()):
            entry.write({"module": KEPT_MODULE, "name": "%s.%s" % (module, entry.name)})
    return dict(kept)


def restore_kept_data(env, module):
    """Take back the records `keep_data_in_use` kept for `module` (it is being reinstalled)."""
    prefix = module + "."
    data = env["ir.model.data"].search(
        [("module", "=", KEPT_MODULE), ("name", "=like", prefix + "%")]
    )
    for entry in data:
        record = env[entry.model].browse(entry.res_id).exists()
        if record and "active" in record._fields:
            record.with_context(active_test=False).active = True
        entry.write({"module": module, "name": entry.name[len(prefix) :]})


def programme_hooks(module):
    """The (pre_init_hook, uninstall_hook) of a programme addon named `module`."""

    def pre_init_hook(env):
        restore_kept_data(env, module)

    def uninstall_hook(env):
        keep_data_in_use(env, module)

    return pre_init_hook, uninstall_hook
