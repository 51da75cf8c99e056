import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import {
    openPathwayAndInclude,
    pickMany2one,
    recordConsent,
    saveReferral,
} from "@parcours_base/../tests/tours/parcours_tour_steps";

registry.category("web_tour.tours").add("parcours_pathway_inclusion_tour", {
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
        ...pickMany2one('.o_field_widget[name="patient_id"]', "TOURPATIENT"),
        ...pickMany2one('.o_field_widget[name="programme_id"]', "Tour programme"),
        ...recordConsent(),
        ...saveReferral(),
    ],
});

registry.category("web_tour.tours").add("parcours_pathway_include_tour", {
    url: "/odoo",
    steps: () => [
        ...openPathwayAndInclude("TOURPATIENT"),
        {
            content: "The pathway is included and in the follow-up stage",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Follow-up")',
        },
        {
            content: "Back to the kanban",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Move the card to the review column",
            trigger: '.o_kanban_group:has(.o_column_title:contains("Follow-up")) .o_kanban_record:contains("TOURPATIENT")',
            run: 'drag_and_drop (.o_kanban_group:has(.o_column_title:contains("Review")))',
        },
        {
            content: "The card is now under review",
            trigger: '.o_kanban_group:has(.o_column_title:contains("Review")) .o_kanban_record:contains("TOURPATIENT")',
        },
    ],
});
