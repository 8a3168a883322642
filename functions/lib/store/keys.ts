// Key scheme of the single table (attribute names come from table-definition.ts).
import type { UserRef } from "../core/events.js";

export const keys = {
  user: (user: UserRef) => `USER#${user.channel}#${user.userId}`,
  contactSk: "CONTACT",
  conversationSk: "CONVERSATION",
  inbound: (dedupeKey: string) => `INBOUND#${dedupeKey}`,
  inboundSk: "INBOUND",
  role: (role: string) => `ROLE#${role}`,
  userSortKey: (user: UserRef) => `${user.channel}#${user.userId}`,
} as const;
