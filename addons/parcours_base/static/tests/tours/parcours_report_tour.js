import { registry } from "@web/core/registry";

// The manager's report: show the figures, change the period, chart them, download the
// workbook. Selectors are names and classes, never labels: the database may be in French.
registry.category("web_tour.tours").add("parcours_report_tour", {
    steps: () => [
        {
            content: "Show the figures",
            trigger: '.o_form_view button[name="action_compute"]',
            run: "click",
        },
        {
            content: "The figures are a pivot",
            trigger: ".o_pivot .o_pivot_cell_value",
        },
        {
            content: "Back to the reports",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the report again",
            trigger: '.o_data_row:contains("Tour report") .o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "A month instead of a quarter",
            trigger: '.o_form_view div[name="period"] select',
            run: 'select "month"',
        },
        {
            content: "Download the workbook",
            trigger: '.o_form_view button[name="action_export_xlsx"]',
            run: "click",
        },
        {
            content: "Chart the figures",
            trigger: '.o_form_view button[name="action_chart"]:not([disabled])',
            run: "click",
        },
        {
            content: "The chart is drawn",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});
