import { registry } from "@web/core/registry";

/** The GP approves the collegial inclusion from the pathway; the button then disappears. */
registry.category("web_tour.tours").add("parcours_msma_gp_approval_tour", {
    steps: () => [
        {
            content: "The request waits in its stage, the approve button shows for the GP",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current',
        },
        {
            content: "Approve the inclusion",
            trigger: '.o_form_view button[name="action_approve_inclusion"]',
            run: "click",
        },
        {
            content: "The GP has approved: the button is gone",
            trigger: '.o_form_view .o_form_statusbar:not(:has(button[name="action_approve_inclusion"]))',
        },
    ],
});

/** The coordinator proposes the agenda, records the inclusion decided in the RCP, validates. */
registry.category("web_tour.tours").add("parcours_msma_rcp_inclusion_tour", {
    steps: () => [
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

/** The coordinator sends the GP letter from the pathway with the usual composer. */
registry.category("web_tour.tours").add("parcours_msma_gp_letter_tour", {
    steps: () => [
        {
            content: "Send the letter to the GP",
            trigger: '.o_form_view button[name="action_send_gp_letter"]',
            run: "click",
        },
        {
            content: "Send",
            trigger: ".modal button.o_mail_send",
            run: "click",
        },
        {
            content: "Sent: the composer is closed, the letter is in the chatter",
            trigger: "body:not(:has(.modal)) .o-mail-Chatter .o-mail-Message .o-mail-AttachmentCard",
        },
    ],
});

/** Three months on, the quarterly RCP reviews the included pathway: continue. */
registry.category("web_tour.tours").add("parcours_msma_rcp_review_tour", {
    steps: () => [
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
