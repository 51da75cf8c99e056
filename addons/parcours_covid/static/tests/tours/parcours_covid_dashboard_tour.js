import { registry } from "@web/core/registry";
import { openDashboardSteps } from "@parcours_base/../tests/tours/parcours_dashboard_tour";

registry.category("web_tour.tours").add("parcours_covid_dashboard_tour", {
    url: "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
    steps: () => openDashboardSteps("Long-COVID coordination cell"),
});
