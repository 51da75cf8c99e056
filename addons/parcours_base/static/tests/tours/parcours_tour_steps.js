/** Tour steps shared by the Parcours addons' tours. */

import { queryAll } from "@odoo/hoot-dom";
import { rpc } from "@web/core/network/rpc";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

export function pickMany2one(fieldSelector, text) {
    return [
        {
            content: `Type ${text}`,
            trigger: `${fieldSelector} input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o-autocomplete--dropdown-item > a:contains(${text})`,
            run: "click",
        },
    ];
}

export function openPathwayAndInclude(patient) {
    // Approvals are given by the approvers themselves (the test has them approve):
    // the coordinator opens the referral from the kanban and includes the patient.
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Parcours",
            trigger: '.o_app[data-menu-xmlid="parcours_base.parcours_menu_root"]',
            run: "click",
        },
        {
            content: "Open the referral",
            trigger: `.o_parcours_pathway_kanban .o_kanban_record:contains("${patient}")`,
            run: "click",
        },
        {
            content: "Include the patient",
            trigger: 'button[name="action_include"]',
            run: "click",
        },
    ];
}

export function recordConsent() {
    // Like Odoo's own tours, type into the new row only once it is the row in edition
    // (`.o_selected_row`): a click that lands before the row settles is lost under load.
    return [
        {
            content: "Open the consent tab",
            trigger: 'a[name="consent"]',
            run: "click",
        },
        {
            content: "Record the consent",
            trigger: 'div[name="consent_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "The patient also agrees to the evaluation",
            trigger:
                'div[name="consent_ids"] .o_selected_row .o_field_widget[name="covers_evaluation"] input:not(:checked)',
            run: "click",
        },
        {
            content: "The new consent row covers the evaluation",
            trigger:
                'div[name="consent_ids"] .o_data_row .o_field_widget[name="covers_evaluation"] input:checked',
        },
    ];
}

export function saveReferral() {
    // As stepUtils.saveForm: click an enabled save button, then wait for the saved form.
    return [
        {
            content: "Save the referral",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "The referral is saved; the team gives its approvals next",
            trigger: ".o_form_saved",
        },
    ];
}

// ------------------------------------------------------------------ what the user sees
// Steps asserting the page, by stable selectors (field and button names, the ids behind
// the status bar, activity type icons, the test's own names), never by labels.

const resIds = {};

async function resId(xmlid) {
    if (!(xmlid in resIds)) {
        const [module, name] = xmlid.split(".");
        const [, id] = await rpc("/web/dataset/call_kw/ir.model.data/check_object_reference", {
            model: "ir.model.data",
            method: "check_object_reference",
            args: [module, name],
            kwargs: {},
        });
        resIds[xmlid] = id;
    }
    return resIds[xmlid];
}

/** Wait, as a tour trigger does, until `check()` holds; fail with `what` after `timeout`. */
async function waitUntil(check, what, timeout = 30000) {
    const end = Date.now() + timeout;
    while (!check()) {
        if (Date.now() > end) {
            throw new Error(`Not shown in ${timeout / 1000} s: ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/** The form's status bar shows the stage `xmlid` as the current one. */
export function stageIs(xmlid) {
    return {
        content: `The status bar's current stage is ${xmlid}`,
        // On the status bar: a step that runs needs an enabled anchor (the current stage's
        // button is disabled).
        trigger: ".o_form_view .o_statusbar_status:has(button.o_arrow_button_current)",
        async run() {
            const id = await resId(xmlid);
            const selector = `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="${id}"]`;
            await waitUntil(() => queryAll(selector).length, `current stage ${xmlid}`);
        },
    };
}

/** Exactly `count` elements match `selector` (once the first one shows). */
export function countIs(selector, count, content) {
    return {
        content: content || `${count} × ${selector}`,
        trigger: count ? selector : "body",
        async run() {
            await waitUntil(
                () => queryAll(selector).length === count,
                `${count} × ${selector}`
            );
        },
    };
}

/** The chatter's planned activities of a type (by its icon), for a user (by name). */
export function activitySelector(icon, userName = "") {
    const user = userName ? `:has(.o-mail-Activity-user:contains("${userName}"))` : "";
    return `.o-mail-Chatter .o-mail-Activity:has(.o-mail-Activity-iconContainer .${icon})${user}`;
}

export function activityShown(icon, userName, content) {
    return {
        content: content || `A to-do ${icon} for ${userName} is in the chatter`,
        trigger: activitySelector(icon, userName),
    };
}

/** The form shows `text` (a date in the user's format, dd/mm/yyyy in French) in `name`. */
export function fieldShows(name, text, scope = ".o_form_view") {
    const field = `${scope} .o_field_widget[name="${name}"]`;
    return {
        content: `${name} shows ${text}`,
        trigger: `${field}:contains("${text}"), ${field} input:value("${text}")`,
    };
}
