import { registry } from "@web/core/registry";
import {
    fieldShows,
    pickMany2one,
    saveReferral,
    stageIs,
} from "@parcours_base/../tests/tours/parcours_tour_steps";

/** The logged call, oriented, referred and sent to the GP (tests/test_journey_ui.py), on
 * 2 March 2026, asserting what the coordinator sees: the status bar's stage (by its id), the
 * dates in French (dd/mm/yyyy), the sheet kept in the chatter. Selectors are field and
 * button names; typed names are the test's own records. */
registry.category("web_tour.tours").add("parcours_covid_journey_tour", {
    steps: () => [
        stageIs("parcours_covid.stage_covid_request"),
        fieldShows("request_date", "02/03/2026"),
        {
            content: "GP informed on: not yet",
            trigger: '.o_form_view .o_field_widget[name="gp_informed_date"]:not(:contains("/"))',
        },
        {
            content: "Open the long-COVID tab",
            trigger: 'a[name="covid"]',
            run: "click",
        },
        ...pickMany2one('.o_field_widget[name="covid_orientation_id"]', "Tourorient"),
        {
            content: "Send a referral",
            trigger: 'div[name="covid_referral_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        ...pickMany2one(
            'div[name="covid_referral_ids"] .o_selected_row .o_field_widget[name="resource_id"]',
            "Tourent"
        ),
        ...saveReferral(),
        stageIs("parcours_covid.stage_covid_oriented"),
        fieldShows("covid_onset_date", "02/01/2026"),
        fieldShows("covid_orientation_date", "02/03/2026"),
        {
            content: "The referral is sent",
            trigger: 'div[name="covid_referral_ids"] .o_data_row:not(.o_selected_row) button[name="action_accept"]',
        },
        {
            content: "Produce the GP information sheet",
            trigger: '.o_form_view button[name="action_covid_print_gp_sheet"]',
            run: "click",
        },
        {
            content: "The sheet opens in a new tab; reload the pathway once it is produced",
            trigger: ".o_form_view",
            async run() {
                await new Promise((resolve) => setTimeout(resolve, 1500));
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "The sheet is kept in the chatter",
            trigger: ".o-mail-Chatter .o-mail-AttachmentCard",
        },
        fieldShows("gp_informed_date", "02/03/2026"),
        stageIs("parcours_covid.stage_covid_oriented"),
    ],
});
