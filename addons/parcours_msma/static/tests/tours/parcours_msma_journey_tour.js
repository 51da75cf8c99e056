import { registry } from "@web/core/registry";
import {
    activitySelector,
    activityShown,
    countIs,
    fieldShows,
    stageIs,
} from "@parcours_base/../tests/tours/parcours_tour_steps";

/** Steps of the MSMA journey (tests/test_journey_ui.py), each run as its role on the day the
 * server lives in (2 March 2026, then 3 June 2026), asserting what the user sees: the status
 * bar's stage (by its id), the to-dos (by activity type icon and the test's user names), the
 * documents and the dates in French (dd/mm/yyyy). Selectors are names, never labels. */

const APPROVE = "fa-check-square-o";

/** The GP approves the collegial inclusion from the pathway; the button then disappears. */
registry.category("web_tour.tours").add("parcours_msma_gp_approval_tour", {
    steps: () => [
        stageIs("parcours_msma.stage_collegial_inclusion"),
        fieldShows("request_date", "02/03/2026"),
        activityShown(APPROVE, "Gp"),
        activityShown(APPROVE, "Psychologist"),
        activityShown(APPROVE, "Social Worker"),
        countIs(activitySelector(APPROVE), 3, "Three approval to-dos, one per approver"),
        {
            content: "Approve the inclusion",
            trigger: '.o_form_view button[name="action_approve_inclusion"]',
            run: "click",
        },
        {
            content: "The GP has approved: the button is gone",
            trigger: '.o_form_view .o_form_statusbar:not(:has(button[name="action_approve_inclusion"]))',
        },
        countIs(activitySelector(APPROVE), 2, "The GP's to-do is done: two approval to-dos left"),
        countIs(activitySelector(APPROVE, "Gp"), 0, "None for the GP"),
        activityShown(APPROVE, "Psychologist"),
        activityShown(APPROVE, "Social Worker"),
        stageIs("parcours_msma.stage_collegial_inclusion"),
        {
            content: "Open the inclusion tab",
            trigger: 'a[name="inclusion"]',
            run: "click",
        },
        {
            content: "The GP's approval is listed, dated today (the day, as the browser's time zone may differ from the user's)",
            trigger: 'div[name="approval_ids"] .o_data_row:has(td[name="user_id"]:contains("Gp")) td[name="approval_date"]:contains("02/03/2026")',
        },
    ],
});

/** The coordinator proposes the agenda, records the inclusion decided in the RCP, validates. */
registry.category("web_tour.tours").add("parcours_msma_rcp_inclusion_tour", {
    steps: () => [
        fieldShows("date", "02/03/2026"),
        {
            content: "Propose the agenda",
            trigger: '.o_form_view button[name="action_propose_agenda"]',
            run: "click",
        },
        {
            content: "The request is on the agenda",
            trigger: 'div[name="decision_ids"] .o_data_row',
        },
        {
            content: "Open the participants proposed from the care team",
            trigger: 'a[name="participants"]',
            run: "click",
        },
        {
            content: "Three participants, each proposed the meeting's duration",
            trigger: 'div[name="attendee_ids"] .o_data_row:nth-child(3) .o_data_cell[name="minutes_attended"]:contains("90")',
        },
        {
            content: "Back to the agenda",
            trigger: 'a[name="agenda"]',
            run: "click",
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
            content: "The meeting was held",
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

/** The coordinator opens the included pathway and sends the GP letter with the composer. */
registry.category("web_tour.tours").add("parcours_msma_gp_letter_tour", {
    steps: () => [
        stageIs("parcours_msma.stage_follow_up"),
        fieldShows("inclusion_date", "02/03/2026"),
        {
            content: "The follow-up to-dos are in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Activity",
        },
        countIs(activitySelector(APPROVE), 0, "No approval is asked any more"),
        {
            content: "The inclusion tab lists the three approvals",
            trigger: 'a[name="inclusion"]',
            run: "click",
        },
        countIs('div[name="approval_ids"] .o_data_row', 3, "Three approvals recorded"),
        {
            content: "Open the follow-up schedule",
            trigger: 'a[name="follow_up"]',
            run: "click",
        },
        {
            content: "The schedule is planned from the inclusion",
            trigger: 'div[name="step_ids"] .o_data_row td[name="due_date"]',
        },
        {
            content: "GP informed on: not yet",
            trigger: '.o_form_view .o_field_widget[name="gp_informed_date"]:not(:contains("/"))',
        },
        {
            content: "Send the letter to the GP",
            trigger: '.o_form_view button[name="action_send_gp_letter"]',
            run: "click",
        },
        {
            content: "The composer addresses the letter to the patient's GP",
            trigger: '.modal .o_field_widget[name="partner_ids"]:contains("Dr Tourmt")',
        },
        {
            content: "Send",
            trigger: ".modal button.o_mail_send",
            run: "click",
        },
        {
            content: "Sent: the composer is closed, the letter is attached to its message in the chatter",
            trigger: "body:not(:has(.modal)) .o-mail-Chatter .o-mail-Message .o-mail-AttachmentCard",
        },
        fieldShows("gp_informed_date", "02/03/2026"),
    ],
});

/** Three months on, the quarterly RCP reviews the included pathway: continue. */
registry.category("web_tour.tours").add("parcours_msma_rcp_review_tour", {
    steps: () => [
        fieldShows("date", "03/06/2026"),
        {
            content: "Propose the agenda",
            trigger: '.o_form_view button[name="action_propose_agenda"]',
            run: "click",
        },
        {
            content: "The included pathway is due for its review",
            trigger: 'div[name="decision_ids"] .o_data_row',
        },
        {
            content: "The care team is invited",
            trigger: 'a[name="participants"]',
            run: "click",
        },
        {
            content: "Three participants",
            trigger: 'div[name="attendee_ids"] .o_data_row:nth-child(3)',
        },
        {
            content: "Back to the agenda",
            trigger: 'a[name="agenda"]',
            run: "click",
        },
        {
            content: "Decide for the pathway",
            trigger: 'div[name="decision_ids"] .o_data_row:first .o_data_cell[name="decision"]',
            run: "click",
        },
        {
            trigger: 'div[name="decision_ids"] .o_data_row .o_field_widget[name="decision"] select',
            run: 'select "continue"',
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The meeting was held",
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

/** After the review: the pathway is still followed, reviewed on the day of the RCP. */
registry.category("web_tour.tours").add("parcours_msma_reviewed_tour", {
    steps: () => [
        stageIs("parcours_msma.stage_follow_up"),
        fieldShows("last_rcp_date", "03/06/2026"),
        fieldShows("inclusion_date", "02/03/2026"),
    ],
});
