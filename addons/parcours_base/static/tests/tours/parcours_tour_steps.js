/** Tour steps shared by the Parcours addons' tours. */

import { stepUtils } from "@web_tour/tour_service/tour_utils";

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

export function openPathwayAndInclude(patient) {
    // Approvals are given by the approvers themselves (the test has them approve):
    // the coordinator opens the referral from the kanban and includes the patient.
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Parcours",
            trigger: '.o_app[data-menu-xmlid="parcours_base.parcours_menu_root"]',
            run: "click",
        },
        {
            content: "Open the referral",
            trigger: `.o_parcours_pathway_kanban .o_kanban_record:contains("${patient}")`,
            run: "click",
        },
        {
            content: "Include the patient",
            trigger: 'button[name="action_include"]',
            run: "click",
        },
    ];
}

export function recordConsent() {
    // Like Odoo's own tours, type into the new row only once it is the row in edition
    // (`.o_selected_row`): a click that lands before the row settles is lost under load.
    return [
        {
            content: "Open the consent tab",
            trigger: 'a[name="consent"]',
            run: "click",
        },
        {
            content: "Record the consent",
            trigger: 'div[name="consent_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "The patient also agrees to the evaluation",
            trigger:
                'div[name="consent_ids"] .o_selected_row .o_field_widget[name="covers_evaluation"] input:not(:checked)',
            run: "click",
        },
        {
            content: "The new consent row covers the evaluation",
            trigger:
                'div[name="consent_ids"] .o_data_row .o_field_widget[name="covers_evaluation"] input:checked',
        },
    ];
}

export function saveReferral() {
    // As stepUtils.saveForm: click an enabled save button, then wait for the saved form.
    return [
        {
            content: "Save the referral",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "The referral is saved; the team gives its approvals next",
            trigger: ".o_form_saved",
        },
    ];
}
