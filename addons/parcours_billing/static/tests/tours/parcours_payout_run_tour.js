import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("parcours_payout_run_tour", {
    url: "/odoo/action-parcours_billing.parcours_payout_run_action",
    steps: () => [
        {
            content: "The accountant is in the Parcours application",
            trigger: '.o_main_navbar .o_menu_brand:contains("Parcours")',
        },
        {
            content: "Open the Billing menu",
            trigger: '.o_menu_sections [data-menu-xmlid="parcours_billing.parcours_billing_menu"]',
            run: "click",
        },
        {
            content: "Open the payout runs",
            trigger: '.dropdown-item[data-menu-xmlid="parcours_billing.parcours_payout_run_menu"]',
            run: "click",
        },
        {
            content: "Open the run of January",
            trigger: '.o_data_row:contains("TEST 2027-01-01") .o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "Compute the forfaits",
            trigger: 'button[name="action_compute"]',
            run: "click",
        },
        {
            content: "The preview shows the partner structure",
            trigger: '.o_parcours_payout_summary td:contains("CSAPA Tour")',
        },
        {
            content: "Validate and bill",
            trigger: 'button[name="action_validate"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run is billed",
            trigger: '.o_statusbar_status .o_arrow_button_current[data-value="done"]',
        },
        {
            content: "The vendor bills are linked",
            trigger: '.oe_stat_button[name="action_view_bills"]',
        },
    ],
});
