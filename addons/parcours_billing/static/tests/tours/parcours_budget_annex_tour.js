import { registry } from "@web/core/registry";
import { formatFloat, formatInteger } from "@web/views/fields/formatters";
import { pickMany2one } from "@parcours_base/../tests/tours/parcours_tour_steps";

// Figures as the user's language writes them (the database may be in French), their
// thousands separator a plain space as `:contains` reads the page's text.
const plain = (text) => text.replace(/\s/g, " ");
const amount = (value) => plain(formatFloat(value, { digits: [16, 2] }));
const count = (value) => plain(formatInteger(value));

// The manager's budget annex 2027-2029 of the test's fictitious funder table: open it from
// the menu, choose the years, download the workbook, then see the rows by structure and
// cohort with their totals. Selectors are names, classes and the test's own data, never
// labels.
registry.category("web_tour.tours").add("parcours_budget_annex_tour", {
    steps: () => [
        {
            // With every programme addon installed, Billing sits in the navbar's "+" menu.
            content: "Open the Billing menu, or the navbar's overflow menu that holds it",
            trigger:
                '.o_menu_sections [data-menu-xmlid="parcours_billing.parcours_billing_menu"]:visible, .o_menu_sections_more button',
            run: "click",
        },
        {
            content: "Open the budget annex",
            trigger:
                '.dropdown-item[data-menu-xmlid="parcours_billing.parcours_budget_annex_menu"]',
            run: "click",
        },
        ...pickMany2one('.modal div[name="programme_id"]', "Test programme"),
        {
            content: "The programme's forfait rule is chosen",
            trigger: '.modal div[name="rule_id"] input:value("Test annual forfait")',
        },
        {
            content: "From 2027",
            trigger: '.modal div[name="first_year"] input',
            run: "edit 2027",
        },
        {
            content: "Over three years: 2027 to 2029",
            trigger: '.modal div[name="year_count"] input',
            run: "edit 3",
        },
        {
            content: "Download the workbook",
            trigger: ".modal button.o_parcours_budget_annex_xlsx",
            run: "click",
        },
        {
            content: "Show the annex on screen",
            trigger: ".modal button.o_parcours_budget_annex_show",
            run: "click",
        },
        {
            content: "The annex is a pivot with a row per open structure",
            trigger: '.o_pivot tbody th:contains("Laguiole")',
        },
        {
            content: "...every open structure",
            trigger: '.o_pivot tbody th:contains("Lunel")',
            run() {
                const names = [...document.querySelectorAll(".o_pivot tbody th")].map(
                    (cell) => cell.textContent.trim()
                );
                for (const name of ["Besseges", "Laguiole", "Realmont", "Lunel"]) {
                    if (!names.includes(name)) {
                        throw new Error(`No row for ${name} in the pivot: ${names}`);
                    }
                }
                // The total, two kinds, four structures and two cohorts.
                if (names.length !== 9) {
                    throw new Error(`Expected 9 pivot rows, got ${names.length}: ${names}`);
                }
            },
        },
        {
            content: "The total row: 1,022 patients and 539,478.00 over the three years",
            trigger: `.o_pivot tbody tr:first-child:contains("${count(1022)}"):contains("${amount(
                539478
            )}")`,
        },
        {
            content: "...and the yearly totals",
            trigger: `.o_pivot tbody tr:first-child:contains("${amount(141670)}"):contains("${amount(
                199433
            )}"):contains("${amount(198375)}")`,
        },
        {
            content: "The same rows as a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Laguiole's negotiated target for 2027",
            trigger:
                '.o_data_row:has(td[name="name"]:contains("Laguiole")):has(td[name="year"]:contains("2027")) td[name="patients"]:contains("50")',
        },
        {
            content: "The 2027 cohort's start-up credits: 2,000 + 2,000 + 2,500",
            trigger: `.o_data_row:has(td[name="year"]:contains("2027")) td[name="startup_amount"]:contains("${amount(
                6500
            )}")`,
        },
        {
            content: "Six lines of three years, with their totals",
            trigger: `.o_list_view tfoot:contains("${count(1022)}"):contains("${amount(
                539478
            )}"):contains("${amount(10500)}")`,
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== 18) {
                    throw new Error(`Expected 18 rows (6 lines x 3 years), got ${rows}`);
                }
            },
        },
    ],
});
