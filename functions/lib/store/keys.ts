// Key scheme of the single table (attribute names come from table-definition.ts).
import { createHash } from "node:crypto";
import type { UserRef } from "../core/events.js";

export const keys = {
  user: (user: UserRef) => `USER#${user.channel}#${user.userId}`,
  contactSk: "CONTACT",
  conversationSk: "CONVERSATION",
  sellerSk: "SELLER",
  // Hashed: platform ids (a WhatsApp wamid) can encode a phone number, and these records outlive deletion.
  inbound: (dedupeKey: string) => `INBOUND#${createHash("sha256").update(dedupeKey).digest("base64url")}`,
  inboundSk: "INBOUND",
  role: (role: string) => `ROLE#${role}`,
  userSortKey: (user: UserRef) => `${user.channel}#${user.userId}`,
  /** In the person's partition: points at their data kept elsewhere, so "hapus data" can find it. */
  ref: (kind: string, id: string) => `REF#${kind}#${id}`,
  /** Staff-edited knowledge: the version pointer and every current topic in one partition (one query). */
  knowledge: "KNOWLEDGE",
  knowledgeVersionSk: "VERSION",
  knowledgeTopicSk: (topicId: string) => `TOPIC#${topicId}`,
  /** Every version of one topic, oldest first. */
  knowledgeHistory: (topicId: string) => `KNOWLEDGE#HISTORY#${topicId}`,
  knowledgeHistorySk: (version: number) => `V#${String(version).padStart(6, "0")}`,
} as const;
