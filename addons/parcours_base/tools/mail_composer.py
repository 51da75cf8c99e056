"""The window action that opens Odoo's mail composer on records with a template."""


def composer_action(records, template, **context):
    """Open the composer on `records` with `template` (a letter or minutes to send)."""
    return {
        "type": "ir.actions.act_window",
        "res_model": "mail.compose.message",
        "view_mode": "form",
        "views": [(False, "form")],
        "target": "new",
        "context": {
            "default_model": records._name,
            "default_res_ids": records.ids,
            "default_template_id": template.id,
            "default_composition_mode": "comment",
            "default_email_layout_xmlid": "mail.mail_notification_light",
            **context,
        },
    }
