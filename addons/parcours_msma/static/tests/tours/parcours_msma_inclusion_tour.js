import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openPathwayAndInclude, pickMany2one, saveReferral } from "@parcours_base/../tests/tours/parcours_tour_steps";

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
        ...pickMany2one('.o_field_widget[name="programme_id"]', "Addiction microstructures"),
        ...pickMany2one('.o_field_widget[name="microstructure_id"]', "MSP Tour"),
        {
            content: "The microstructure's GP, psychologist and social worker join the team",
            trigger: 'div[name="member_ids"] .o_data_row:nth-child(3)',
        },
        {
            content: "Open the consent tab",
            trigger: 'a[name="consent"]',
            run: "click",
        },
        {
            content: "Record the consent",
            trigger: 'div[name="consent_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "The patient also agrees to the evaluation",
            trigger: 'div[name="consent_ids"] .o_data_row .o_field_widget[name="covers_evaluation"] input',
            run: "click",
        },
        ...saveReferral(),
    ],
});

registry.category("web_tour.tours").add("parcours_msma_include_tour", {
    url: "/odoo",
    steps: () => [
        ...openPathwayAndInclude("TOURMSMA"),
        {
            content: "The pathway is in the collegial inclusion stage",
            // The current stage: an arrow button, or the label of the dropdown the status bar
            // folds into when the header's buttons leave it too little room.
            trigger:
                '.o_statusbar_status button.o_arrow_button_current:contains("Collegial inclusion"), ' +
                '.o_statusbar_status button.dropdown-toggle:not(.o_arrow_button):contains("Collegial inclusion")',
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
