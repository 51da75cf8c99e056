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
        ...pickMany2one(
            'div[name="approval_ids"] .o_data_row:last .o_field_widget[name="role_id"]',
            role
        ),
    ];
}
