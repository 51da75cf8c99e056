import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("parcours_rcp_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Parcours",
            trigger: '.o_app[data-menu-xmlid="parcours_base.parcours_menu_root"]',
            run: "click",
        },
        {
            content: "Open the RCP meetings",
            trigger: '.o_menu_sections a[data-menu-xmlid="parcours_base.parcours_rcp_menu"]',
            run: "click",
        },
        {
            content: "Open the planned meeting",
            trigger: '.o_data_row:contains("Tour RCP") .o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "Propose the agenda",
            trigger: 'button[name="action_propose_agenda"]',
            run: "click",
        },
        {
            content: "The pathway due for review is on the agenda",
            trigger: 'div[name="decision_ids"] .o_data_row:contains("RCPPATIENT")',
        },
        {
            content: "Open the participants",
            trigger: 'a[name="participants"]',
            run: "click",
        },
        {
            content: "The care team's psychologist is proposed as a participant",
            trigger: 'div[name="attendee_ids"] .o_data_row:contains("Psychologist")',
        },
        {
            content: "The GP's attendance defaults to the meeting's 90 minutes",
            trigger: 'div[name="attendee_ids"] .o_data_row:first .o_data_cell[name="minutes_attended"]:contains("90")',
        },
        {
            content: "Back to the agenda",
            trigger: 'a[name="agenda"]',
            run: "click",
        },
        {
            content: "Decide for the pathway",
            trigger: 'div[name="decision_ids"] .o_data_row:contains("RCPPATIENT") .o_data_cell[name="decision"]',
            run: "click",
        },
        {
            trigger: 'div[name="decision_ids"] .o_selected_row .o_field_widget[name="decision"] select',
            run: 'select "continue"',
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The meeting was held",
            trigger: 'button[name="action_hold"]',
            run: "click",
        },
        {
            content: "Validate the minutes",
            trigger: 'button[name="action_validate"]',
            run: "click",
        },
        {
            content: "The minutes are validated",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="validated"]',
        },
    ],
});
