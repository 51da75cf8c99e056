import { registry } from "@web/core/registry";

/** Open the dashboard called `name` from the Dashboards app and wait for its figures. */
export function openDashboardSteps(name) {
    return [
        {
            content: `Open the ${name} dashboard`,
            trigger: `.o_spreadsheet_dashboard_search_panel .o_search_panel_category_value:contains(${name})`,
            run: "click",
        },
        {
            content: "The dashboard is the active one",
            trigger: `.o_search_panel_category_value.active:contains(${name})`,
        },
        {
            content: "Its key figures and charts are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        },
        {
            content: "No loading error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
        },
    ];
}

registry.category("web_tour.tours").add("parcours_dashboard_tour", {
    url: "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
    steps: () => [
        {
            content: "The Parcours dashboards have their own section",
            trigger: ".o_search_panel_section_header:contains(Care pathways)",
        },
        ...openDashboardSteps("Pathways"),
    ],
});
