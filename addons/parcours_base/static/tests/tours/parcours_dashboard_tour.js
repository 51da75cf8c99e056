import { registry } from "@web/core/registry";

// The test opens the Dashboards app on its dashboard (`?dashboard_id=`): dashboard and
// section names are translated, so the tour names none of them.
registry.category("web_tour.tours").add("parcours_dashboard_tour", {
    url: "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
    steps: () => [
        {
            content: "A dashboard is the active one",
            trigger: ".o_spreadsheet_dashboard_search_panel .o_search_panel_category_value.active",
        },
        {
            content: "Its key figures and charts are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        },
        {
            content: "No loading error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
        },
    ],
});
