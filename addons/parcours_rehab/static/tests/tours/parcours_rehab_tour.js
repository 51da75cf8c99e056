import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("parcours_rehab_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Parcours",
            trigger: '.o_app[data-menu-xmlid="parcours_base.parcours_menu_root"]',
            run: "click",
        },
        {
            content: "Open the rehabilitation request",
            trigger: ".o_kanban_record:contains(TOURREHAB)",
            run: "click",
        },
        {
            content: "The patient comes home after a full SMR stay",
            trigger: '.o_field_widget[name="rehab_entry_mode"] select',
            run: 'select "smr_reinforcement"',
        },
        {
            content: "Save the request",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The file is complete: validate it",
            trigger: 'button[name="action_rehab_validate"]',
            run: "click",
        },
        {
            content: "Open the rehabilitation tab",
            trigger: 'a[name="rehab"]',
            run: "click",
        },
        {
            content: "The file is validated",
            trigger: '.o_field_widget[name="rehab_director_decision"] [raw-value="validated"]',
        },
        {
            content: "Lend an exercise bike",
            trigger: 'div[name="rehab_loan_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Type the bike's serial number",
            trigger: 'div[name="rehab_loan_ids"] .o_selected_row .o_field_widget[name="ergocycle_id"] input',
            run: "edit ERG-TOUR",
        },
        {
            content: "Choose the free bike",
            trigger: ".o-autocomplete--dropdown-item > a:contains(ERG-TOUR)",
            run: "click",
        },
        {
            content: "Save the loan",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The loan is saved with its state (the test checks it is planned)",
            trigger: '.o_form_saved div[name="rehab_loan_ids"] .o_data_row:contains(ERG-TOUR) [name="state"] .badge',
        },
        {
            // By its address: in French the menu bar overflows and folds this section away.
            content: "Open the exercise bikes",
            trigger: ".o_form_view",
            run() {
                window.location.href = "/odoo/action-parcours_rehab.parcours_rehab_ergocycle_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "The bike is listed with the day it is free again",
            trigger: '.o_data_row:contains(ERG-TOUR)',
        },
    ],
});
