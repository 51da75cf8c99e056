import { registry } from "@web/core/registry";
import { pickMany2one, saveReferral } from "@parcours_base/../tests/tours/parcours_tour_steps";

/** The logged call, oriented, referred and sent to the GP (tests/test_journey_ui.py).
 * Selectors are field and button names; typed names are the test's own records. */
registry.category("web_tour.tours").add("parcours_covid_journey_tour", {
    steps: () => [
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
    ],
});
