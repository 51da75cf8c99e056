import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("parcours_covid_intake_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Parcours",
            trigger: '.o_app[data-menu-xmlid="parcours_base.parcours_menu_root"]',
            run: "click",
        },
        {
            content: "Open the long-COVID menu",
            trigger: '.o_menu_sections button[data-menu-xmlid="parcours_covid.parcours_covid_menu"]',
            run: "click",
        },
        {
            content: "Log a call",
            trigger: '.o-dropdown-item[data-menu-xmlid="parcours_covid.parcours_covid_intake_menu"]',
            run: "click",
        },
        {
            content: "The caller is a relative",
            trigger: '.o_parcours_covid_intake div[name="requester"] input[data-value="relative"]',
            run: "click",
        },
        {
            content: "Birth name",
            trigger: '.o_parcours_covid_intake div[name="birth_name"] input',
            run: "edit Tourcovid",
        },
        {
            content: "First name",
            trigger: '.o_parcours_covid_intake div[name="first_names"] input',
            run: "edit Louise",
        },
        {
            content: "Age",
            trigger: '.o_parcours_covid_intake div[name="age"] input',
            run: "edit 42",
        },
        {
            content: "Postcode",
            trigger: '.o_parcours_covid_intake div[name="zip"] input',
            run: "edit 31300",
        },
        {
            content: "Symptom onset",
            trigger: '.o_parcours_covid_intake div[name="onset_date"] input',
            // ISO is read whatever the user's date format (French: dd/mm/yyyy).
            run: "edit 2026-01-02",
        },
        {
            content: "The test's own axis (axis names are translated)",
            trigger: '.o_parcours_covid_intake div[name="axis_ids"] .form-check:contains("TOURAXIS") input',
            run: "click",
        },
        {
            content: "Complex situation",
            trigger: '.o_parcours_covid_intake div[name="complexity"] input[data-value="complex"]',
            run: "click",
        },
        {
            content: "Log the request",
            trigger: '.modal-footer button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The request is open on its long-COVID page",
            trigger: '.o_breadcrumb:contains("TOURCOVID Louise")',
        },
    ],
});
