/** Tour steps shared by the Parcours addons' tours. */

export function pickMany2one(fieldSelector, text) {
    return [
        {
            content: `Type ${text}`,
            trigger: `${fieldSelector} input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o-autocomplete--dropdown-item > a:contains(${text})`,
            run: "click",
        },
    ];
}

export function addApproval(role) {
    return [
        {
            content: "Add an approval",
            trigger: 'div[name="approval_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        // Type into the new row once it is open for editing (the row being edited carries
        // o_selected_row, as in Odoo's own tours), not into the last row before it settles.
        ...pickMany2one(
            'div[name="approval_ids"] .o_data_row.o_selected_row .o_field_widget[name="role_id"]',
            role
        ),
    ];
}
