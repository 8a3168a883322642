// The console's pages in menu order. Each page module: { id, nav (string key), adminOnly?, css? (its own
// stylesheet in public/), mount(section) (builds the page's DOM once per sign-in/language), show() (loads data) }.
import audit from "./page-audit.js";
import registrations from "./page-registrations.js";
import trainings from "./page-trainings.js";

export const pages = [registrations, trainings, audit];
