import { registry } from "@web/core/registry";
import { saveReferral } from "@parcours_base/../tests/tours/parcours_tour_steps";

/** Steps of the rehabilitation journey (tests/test_journey_ui.py), each run as its role on
 * the day the server lives in. Selectors are field and button names, never labels. */

const ROW = 'div[name="rehab_assessment_ids"] .o_data_row.o_selected_row';

function measure(kind, crq, endurance, satisfaction) {
    const steps = [
        {
            content: "Open the measurements",
            trigger: 'a[name="rehab_measurements"]',
            run: "click",
        },
        {
            content: "Add a measurement",
            trigger: 'div[name="rehab_assessment_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Time point",
            trigger: `${ROW} .o_field_widget[name="kind"] select`,
            run: `select "${kind}"`,
        },
    ];
    for (const domain of ["dyspnoea", "fatigue", "emotion", "mastery"]) {
        steps.push({
            content: `CRQ ${domain}`,
            trigger: `${ROW} .o_field_widget[name="crq_${domain}"] input`,
            run: `edit ${crq}`,
        });
    }
    steps.push({
        content: "Endurance test",
        trigger: `${ROW} .o_field_widget[name="endurance_seconds"] input`,
        run: `edit ${endurance}`,
    });
    if (satisfaction !== undefined) {
        steps.push({
            content: "Satisfaction scale",
            trigger: `${ROW} .o_field_widget[name="satisfaction"] select`,
            run: satisfaction,
        });
    }
    return steps;
}

registry.category("web_tour.tours").add("parcours_rehab_journey_request_tour", {
    steps: () => [
        {
            content: "Submit the pulmonologist's request",
            trigger: '.o_form_view button[name="action_submit_request"]',
            run: "click",
        },
        {
            content: "The request is submitted, its file is not complete: chase button shown",
            trigger: '.o_form_view .o_form_statusbar:not(:has(button[name="action_submit_request"])) button[name="action_rehab_chase_documents"]',
        },
        {
            content: "The missing documents are to-dos in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Activity",
        },
        {
            content: "Open the checklist",
            trigger: 'a[name="checklist"]',
            run: "click",
        },
        {
            content: "The required documents are listed, none received",
            trigger: 'div[name="checklist_line_ids"] .o_data_row td[name="done"] input:not(:checked)',
        },
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_director_tour", {
    steps: () => [
        {
            content: "The file is complete: its date shows, the director may validate it",
            trigger: '.o_form_view:has(.o_field_widget[name="file_complete_date"]) button[name="action_rehab_validate"]',
            run: "click",
        },
        {
            content: "Validated: the button is gone",
            trigger: '.o_form_view .o_form_statusbar:not(:has(button[name="action_rehab_validate"]))',
        },
        {
            content: "Open the rehabilitation tab",
            trigger: 'a[name="rehab"]',
            run: "click",
        },
        {
            content: "The review is signed and dated (both shown once set)",
            trigger: '.o_form_view:has(.o_field_widget[name="rehab_director_user_id"]) .o_field_widget[name="rehab_director_date"]',
        },
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_committee_tour", {
    steps: () => [
        {
            content: "Propose the agenda: the validated file is due",
            trigger: '.o_form_view button[name="action_propose_agenda"]',
            run: "click",
        },
        {
            content: "The request is on the agenda",
            trigger: 'div[name="decision_ids"] .o_data_row',
        },
        {
            content: "Decide for the request",
            trigger: 'div[name="decision_ids"] .o_data_row:first .o_data_cell[name="decision"]',
            run: "click",
        },
        {
            trigger: 'div[name="decision_ids"] .o_data_row .o_field_widget[name="decision"] select',
            run: 'select "include"',
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The committee was held",
            trigger: '.o_form_view button[name="action_hold"]',
            run: "click",
        },
        {
            content: "Validate the minutes",
            trigger: '.o_form_view button[name="action_validate"]',
            run: "click",
        },
        {
            content: "The minutes are validated",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="validated"]',
        },
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_w0_tour", {
    steps: () => [
        {
            content: "Included: the inclusion date shows, nothing is left to include",
            trigger: '.o_form_view:has(.o_field_widget[name="inclusion_date"]) .o_form_statusbar:not(:has(button[name="action_include"]))',
        },
        {
            content: "Open the follow-up schedule",
            trigger: 'a[name="follow_up"]',
            run: "click",
        },
        {
            content: "The W0 visit held today is done",
            trigger: 'div[name="step_ids"] .o_data_row td[name="state"] .text-bg-success',
        },
        ...measure("w0", "3", "310"),
        ...saveReferral(),
        {
            content: "The W0 measurement is saved",
            trigger: 'div[name="rehab_assessment_ids"] .o_data_row:not(.o_selected_row)',
        },
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_w12_tour", {
    steps: () => [
        ...measure("w12", "4", "520", 'select "9"'),
        ...saveReferral(),
        {
            content: "W0 and W12 are listed",
            trigger: 'div[name="rehab_assessment_ids"] .o_data_row:nth-child(2):not(.o_selected_row)',
        },
        {
            content: "The quality of life improved",
            trigger: '.o_field_widget[name="rehab_crq_improved"] input:checked',
        },
        {
            content: "The endurance improved",
            trigger: '.o_field_widget[name="rehab_endurance_improved"] input:checked',
        },
    ],
});
