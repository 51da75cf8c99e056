import { registry } from "@web/core/registry";

// Opened on an encounter whose programme gives the user's profession social data only.
registry.category("web_tour.tours").add("parcours_withheld_data_tour", {
    steps: () => [
        {
            content: "The form says part of the record is not shown",
            trigger: ".o_form_view .o_form_sheet div.alert[role=status]",
        },
        {
            content: "The social note is shown",
            trigger: ".o_form_view .o_field_widget[name=social_note]",
        },
        {
            content: "The clinical note is hidden, not shown empty",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=clinical_note]))",
        },
    ],
});

// Opened on an encounter whose programme opens medical data to the user's profession.
registry.category("web_tour.tours").add("parcours_full_data_tour", {
    steps: () => [
        {
            content: "The clinical note is shown",
            trigger: ".o_form_view .o_field_widget[name=clinical_note]:contains(HIV)",
        },
        {
            content: "Nothing is said to be withheld",
            trigger: ".o_form_view .o_form_sheet:not(:has(div.alert[role=status]))",
        },
    ],
});
