import { registry } from "@web/core/registry";

/* The professional clicks the Pro Santé Connect button of the login page; the loopback
 * provider approves at once (as an e-CPS would) and sends the browser back to Odoo. */
const signInWithPsc = {
    content: "Sign in with Pro Santé Connect (eIDAS level asked)",
    trigger: ".o_auth_oauth_providers a[href*='acr_values=eidas1'][href*='scope_all']",
    run: "click",
    expectUnloadPage: true,
};

registry.category("web_tour.tours").add("parcours_psc_login_tour", {
    steps: () => [
        signInWithPsc,
        {
            content: "The professional lands in the web client, signed in",
            trigger: ".o_main_navbar .o_user_menu",
        },
    ],
});

for (const refusal of ["unknown", "level", "mismatch"]) {
    registry.category("web_tour.tours").add(`parcours_psc_refused_${refusal}_tour`, {
        steps: () => [
            signInWithPsc,
            {
                content: "The login page says why the sign-in was refused",
                trigger: `.alert-danger[data-parcours-psc-refusal='${refusal}']`,
            },
        ],
    });
}
