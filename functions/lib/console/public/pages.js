// The console's pages in menu order. Each page module: { id, nav (string key), adminOnly?, css? (its own
// stylesheet in public/), mount(section) (builds the page's DOM once per sign-in/language), show() (loads data) }.
import audit from "./page-audit.js";
import broadcasts from "./page-broadcasts.js";
import knowledge from "./page-knowledge.js";
import promos from "./page-promos.js";
import registrations from "./page-registrations.js";
import staff from "./page-staff.js";
import stats from "./page-stats.js";
import templates from "./page-templates.js";

import tickets from "./page-tickets.js";

import trainings from "./page-trainings.js";

export const pages = [
  registrations,
  tickets,
  broadcasts,
  trainings,
  promos,
  stats,
  knowledge,
  templates,
  staff,
  audit,
];
