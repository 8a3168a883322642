// The console's pages in menu order. Each page module: { id, nav (string key), adminOnly?, mount(section), show() }.
import audit from "./page-audit.js";
import registrations from "./page-registrations.js";

export const pages = [registrations, audit];
