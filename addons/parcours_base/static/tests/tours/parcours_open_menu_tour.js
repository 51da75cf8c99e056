import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("parcours_open_menu_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Parcours application",
            trigger: '.o_app[data-menu-xmlid="parcours_base.parcours_menu_root"]',
            run: "click",
        },
        {
            content: "The Parcours menu bar is shown",
            trigger: '.o_main_navbar .o_menu_brand:contains("Parcours")',
        },
        {
            content: "The pathways open as a kanban by stage",
            trigger: ".o_parcours_pathway_kanban .o_kanban_group:contains(Request)",
        },
    ],
});
