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

export function saveReferral() {
    return [
        {
            content: "Save the referral",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The referral is saved; the team gives its approvals next",
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ];
}
