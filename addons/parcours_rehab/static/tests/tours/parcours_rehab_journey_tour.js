import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";
import {
    activitySelector,
    countIs,
    fieldShows,
    pickMany2one,
    saveReferral,
    stageIs,
} from "@parcours_base/../tests/tours/parcours_tour_steps";

/** Steps of the rehabilitation journey (tests/test_journey_ui.py), each run as its role on
 * the day the server lives in, asserting what the user sees: the status bar's stage (by its
 * id), the to-dos, the documents and the dates in French (dd/mm/yyyy). Selectors are field
 * and button names and the test's own names (TOURDOC1-4, TOURVISIT, TOURW0, TOURW6, TOURW12),
 * never labels. */

const MISSING = "fa-file-o";
const DOCUMENTS = ["TOURDOC1", "TOURDOC2", "TOURDOC3", "TOURDOC4"];
const CHECKLIST = 'div[name="checklist_line_ids"]';

function documentRow(name) {
    return `${CHECKLIST} .o_data_row:has(td[name="item_id"]:contains("${name}"))`;
}

/** Attach the document's file on its checklist line, then tick it received. */
function attachDocument(name) {
    const row = documentRow(name);
    return [
        {
            content: `Edit the line of ${name}`,
            trigger: `${row} td[name="note"]`,
            run: "click",
        },
        {
            content: `Attach the file of ${name}`,
            trigger: `${row}.o_selected_row .o_field_widget[name="attachment_ids"] .o_attach`,
            async run() {
                const file = new File(["%PDF-1.4 test"], `${name}.pdf`, {
                    type: "application/pdf",
                });
                // Web's test helper queries natively: the row in edition, without :contains.
                await inputFiles(
                    `${CHECKLIST} .o_data_row.o_selected_row .o_field_widget[name="attachment_ids"] input.o_input_file`,
                    [file]
                );
            },
        },
        {
            content: `The file of ${name} is attached`,
            trigger: `${row} .o_attachment[title="${name}.pdf"]`,
        },
        {
            content: `Tick ${name} received`,
            trigger: `${row} .o_field_widget[name="done"] input:not(:checked)`,
            run: "click",
        },
        {
            content: `${name} is ticked`,
            trigger: `${row} .o_field_widget[name="done"] input:checked`,
        },
    ];
}

/** From the pathway, record the visit of the day through the encounter form: held (done),
 * or the patient absent (no_show). */
function holdVisit(patient, outcome = "done") {
    const button = outcome === "done" ? "action_mark_done" : "action_mark_no_show";
    return [
        {
            content: "Open the pathway's encounters",
            trigger: '.o_form_view button[name="action_open_encounters"]',
            run: "click",
        },
        {
            content: "Record an encounter",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        ...pickMany2one('.o_form_view .o_field_widget[name="kind_id"]', "TOURVISIT"),
        {
            content: "A home visit",
            trigger: '.o_form_view .o_field_widget[name="kind_id"] input:value("TOURVISIT")',
        },
        {
            content: "The referent recording it is the professional",
            trigger: '.o_form_view .o_field_widget[name="partner_id"] input:value("Referent")',
        },
        {
            content: "The encounter is the patient's pathway's",
            trigger: `.o_form_view .o_field_widget[name="pathway_id"] input:value("${patient}")`,
        },
        {
            content: `The visit: ${outcome}`,
            trigger: `.o_form_view button[name="${button}"]`,
            run: "click",
        },
        {
            content: `The encounter is ${outcome}`,
            trigger: `.o_form_view .o_statusbar_status:has(button.o_arrow_button_current[data-value="${outcome}"])`,
        },
        {
            content: "Back to the pathway",
            trigger: `.o_breadcrumb a:contains("${patient}")`,
            run: "click",
        },
    ];
}

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
        fieldShows("request_date", "05/01/2026"),
        {
            content: "Submit the pulmonologist's request",
            trigger: '.o_form_view button[name="action_submit_request"]',
            run: "click",
        },
        {
            content: "The request is submitted, its file is not complete: chase button shown",
            trigger: '.o_form_view .o_form_statusbar:not(:has(button[name="action_submit_request"])) button[name="action_rehab_chase_documents"]',
        },
        stageIs("parcours_rehab.stage_request"),
        ...DOCUMENTS.map((name) => ({
            content: `${name} is chased: a to-do for the assistant`,
            trigger: `${activitySelector(MISSING, "Assistant")}:contains("${name}")`,
        })),
        countIs(activitySelector(MISSING), 4, "Four documents chased"),
        {
            content: "Open the checklist",
            trigger: 'a[name="checklist"]',
            run: "click",
        },
        ...DOCUMENTS.map((name) => ({
            content: `${name} is listed, not received, no file`,
            trigger: `${documentRow(name)}:not(:has(.o_attachment)) td[name="done"] input:not(:checked)`,
        })),
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_documents_tour", {
    steps: () => [
        countIs(activitySelector(MISSING), 4, "Four documents still chased"),
        {
            content: "Open the checklist",
            trigger: 'a[name="checklist"]',
            run: "click",
        },
        ...DOCUMENTS.flatMap(attachDocument),
        ...saveReferral(),
        fieldShows("file_complete_date", "19/01/2026"),
        ...DOCUMENTS.map((name) => ({
            content: `${name} is received with its file`,
            trigger: `${documentRow(name)}:has(.o_attachment[title="${name}.pdf"]) td[name="done"] input:checked`,
        })),
        {
            content: "The chatter is shown",
            trigger: ".o-mail-Chatter .o-mail-Message",
        },
        countIs(activitySelector(MISSING), 0, "Nothing left to chase"),
        stageIs("parcours_rehab.stage_request"),
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
            content: "The review is signed by the director",
            trigger: '.o_form_view .o_field_widget[name="rehab_director_user_id"]:contains("Director")',
        },
        fieldShows("rehab_director_date", "20/01/2026"),
        fieldShows("file_complete_date", "19/01/2026"),
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_committee_tour", {
    steps: () => [
        fieldShows("date", "22/01/2026"),
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
            content: "Included: nothing is left to include",
            trigger: '.o_form_view .o_form_statusbar:not(:has(button[name="action_include"]))',
        },
        stageIs("parcours_rehab.stage_intervention"),
        fieldShows("inclusion_date", "09/02/2026"),
        {
            content: "The W0 visit of today is the referent's to-do",
            trigger: '.o-mail-Chatter .o-mail-Activity:has(.o-mail-Activity-user:contains("Referent")):contains("TOURW0")',
        },
        ...holdVisit("JOURNEYREHAB"),
        stageIs("parcours_rehab.stage_intervention"),
        {
            content: "Open the follow-up schedule",
            trigger: 'a[name="follow_up"]',
            run: "click",
        },
        {
            content: "The W0 visit held today is done",
            trigger: 'div[name="step_ids"] .o_data_row:has(td[name="name"]:contains("TOURW0")):has(td[name="due_date"]:contains("09/02/2026")) td[name="state"] .text-bg-success',
        },
        {
            content: "The W12 visit is planned twelve weeks on",
            trigger: 'div[name="step_ids"] .o_data_row:has(td[name="name"]:contains("TOURW12")) td[name="due_date"]:contains("04/05/2026")',
        },
        {
            content: "The chatter is shown",
            trigger: ".o-mail-Chatter .o-mail-Message",
        },
        countIs(
            '.o-mail-Chatter .o-mail-Activity:contains("TOURW0")',
            0,
            "The W0 to-do is done with its visit"
        ),
        {
            content: "The encounter is counted on the pathway",
            trigger: '.o_form_view button[name="action_open_encounters"] .o_stat_value:contains("1")',
        },
        ...measure("w0", "3", "310"),
        ...saveReferral(),
        {
            content: "The W0 measurement is saved, dated today",
            trigger: 'div[name="rehab_assessment_ids"] .o_data_row:not(.o_selected_row) td[name="date"]:contains("09/02/2026")',
        },
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_w6_tour", {
    steps: () => [
        ...holdVisit("JOURNEYREHAB", "no_show"),
        {
            content: "Open the follow-up schedule",
            trigger: 'a[name="follow_up"]',
            run: "click",
        },
        {
            content: "The W6 visit the patient missed is still to do",
            trigger: 'div[name="step_ids"] .o_data_row:has(td[name="name"]:contains("TOURW6")):has(td[name="due_date"]:contains("23/03/2026")) td[name="state"]:not(:has(.text-bg-success))',
        },
        {
            content: "The missed visit is counted on the pathway",
            trigger: '.o_form_view button[name="action_open_encounters"] .o_stat_value:contains("2")',
        },
        stageIs("parcours_rehab.stage_intervention"),
    ],
});

registry.category("web_tour.tours").add("parcours_rehab_journey_w12_tour", {
    steps: () => [
        stageIs("parcours_rehab.stage_intervention"),
        ...holdVisit("JOURNEYREHAB"),
        {
            content: "Open the follow-up schedule",
            trigger: 'a[name="follow_up"]',
            run: "click",
        },
        {
            content: "The W12 visit held today is done",
            trigger: 'div[name="step_ids"] .o_data_row:has(td[name="name"]:contains("TOURW12")):has(td[name="due_date"]:contains("04/05/2026")) td[name="state"] .text-bg-success',
        },
        {
            content: "The three visits are counted on the pathway",
            trigger: '.o_form_view button[name="action_open_encounters"] .o_stat_value:contains("3")',
        },
        ...measure("w12", "4", "520", 'select "9"'),
        ...saveReferral(),
        {
            content: "W0 and W12 are listed, each on its day",
            trigger: 'div[name="rehab_assessment_ids"]:has(.o_data_row td[name="date"]:contains("09/02/2026")) .o_data_row:not(.o_selected_row) td[name="date"]:contains("04/05/2026")',
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
