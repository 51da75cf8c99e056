import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";
import { pickMany2one } from "@parcours_base/../tests/tours/parcours_tour_steps";

// Dates are typed in the user's own format: the tour runs in any language.
function typed(isoDate) {
    return formatDate(luxon.DateTime.fromISO(isoDate));
}

// The accountant's monthly payout: create a run, compute, preview, validate and bill.
// Selectors are names and classes, never labels: the database may be in French.
registry.category("web_tour.tours").add("parcours_payout_run_tour", {
    url: "/odoo/action-parcours_billing.parcours_payout_run_action",
    steps: () => [
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
            content: "Create a run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pickMany2one('div[name="programme_id"]', "Test programme"),
        {
            content: "From the first of January",
            trigger: 'div[name="date_from"] input',
            run: `edit ${typed("2027-01-01")}`,
        },
        {
            content: "To the end of January",
            trigger: 'div[name="date_to"] input',
            run: `edit ${typed("2027-01-31")}`,
        },
        {
            content: "Compute the forfaits",
            trigger: '.o_form_view button[name="action_compute"]',
            run: "click",
        },
        {
            content: "The preview shows the partner structure",
            trigger: '.o_parcours_payout_summary td:contains("CSAPA Tour")',
        },
        {
            content: "Validate and bill",
            trigger: '.o_form_view button[name="action_validate"]',
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
            trigger: 'button.oe_stat_button[name="action_view_bills"]',
        },
    ],
});
