import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import {
    openPathwayAndInclude,
    pickMany2one,
    recordConsent,
    saveReferral,
} from "@parcours_base/../tests/tours/parcours_tour_steps";

registry.category("web_tour.tours").add("parcours_msma_inclusion_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Parcours",
            trigger: '.o_app[data-menu-xmlid="parcours_base.parcours_menu_root"]',
            run: "click",
        },
        {
            content: "Record a new referral",
            trigger: ".o_parcours_pathway_kanban .o-kanban-button-new",
            run: "click",
        },
        ...pickMany2one('.o_field_widget[name="patient_id"]', "TOURMSMA"),
        ...pickMany2one('.o_field_widget[name="programme_id"]', "TOURPROGMSMA"),
        ...pickMany2one('.o_field_widget[name="microstructure_id"]', "MSP Tour"),
        {
            content: "The microstructure's GP, psychologist and social worker join the team",
            trigger: 'div[name="member_ids"] .o_data_row:nth-child(3)',
        },
        ...recordConsent(),
        ...saveReferral(),
    ],
});

registry.category("web_tour.tours").add("parcours_msma_include_tour", {
    url: "/odoo",
    steps: () => [
        ...openPathwayAndInclude("TOURMSMA"),
        {
            content: "The pathway is included",
            // The statusbar folds stages beside the chatter: the state under the name tells.
            trigger: '.o_field_widget[name="state"] [raw-value="included"]',
        },
        {
            content: "Its first yearly period is open",
            trigger: 'a[name="msma_periods"]',
            run: "click",
        },
        {
            content: "Year 1 is listed",
            trigger: 'div[name="msma_period_ids"] .o_data_row',
        },
        {
            content: "Open the microstructures",
            trigger: '[data-menu-xmlid="parcours_msma.parcours_msma_microstructure_menu"]',
            run: "click",
        },
        {
            content: "Open the tour microstructure",
            trigger: '.o_data_row td:contains("MSP Tour")',
            run: "click",
        },
        {
            content: "Its weekly sessions",
            trigger: 'a[name="sessions"]',
            run: "click",
        },
        {
            content: "The sessions list is shown",
            trigger: 'div[name="session_ids"] .o_field_x2many_list_row_add',
        },
    ],
});
