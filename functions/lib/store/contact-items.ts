// Contact item <-> Contact, and the single UpdateItem that creates or refreshes one atomically.
import type { ConsentRecord, Contact, DeliveryFailure, Language, Role, RoleSource } from "../core/contact.js";
import type { SessionCommit } from "../core/ports.js";
import { keys } from "./keys.js";

export function contactFromItem(item: Record<string, unknown>): Contact {
  return {
    channel: item.channel as Contact["channel"],
    userId: String(item.userId),
    role: (item.role as Role) ?? "buyer",
    ...(item.roleSource === "config" || item.roleSource === "admin"
      ? { roleSource: item.roleSource as RoleSource }
      : {}),
    ...(item.consoleRole === "admin" || item.consoleRole === "petugas"
      ? { consoleRole: item.consoleRole }
      : {}),
    language: (item.language as Language) ?? "id",
    ...(typeof item.displayName === "string" ? { displayName: item.displayName } : {}),
    consents: (item.consents as ConsentRecord[]) ?? [],
    ...(typeof item.lastInboundAt === "number" ? { lastInboundAt: item.lastInboundAt } : {}),
    unreachable: item.unreachable === true,
    ...(typeof item.unreachableReason === "string" ? { unreachableReason: item.unreachableReason } : {}),
    ...(typeof item.platformUserId === "string" ? { platformUserId: item.platformUserId } : {}),
    ...(typeof item.lastDeliveryFailure === "object" && item.lastDeliveryFailure !== null
      ? { lastDeliveryFailure: item.lastDeliveryFailure as DeliveryFailure }
      : {}),
    createdAt: Number(item.createdAt ?? 0),
    ...(item.rate && typeof item.rate === "object" ? { rate: item.rate as Contact["rate"] & object } : {}),
    stored: true,
  };
}

/** SET clauses that create the contact when missing and apply this turn's changes when present. */
export function contactUpdate(commit: SessionCommit) {
  const { user, now, initialContact, contactChanges: changes } = commit;
  const names: Record<string, string> = { "#role": "role", "#language": "language" };
  const values: Record<string, unknown> = {
    ":now": now.getTime(),
    ":channel": user.channel,
    ":userId": user.userId,
    ":false": false,
    ":gsi1sk": keys.userSortKey(user),
  };
  const set = [
    "lastInboundAt = :now",
    "updatedAt = :now",
    "channel = if_not_exists(channel, :channel)",
    "userId = if_not_exists(userId, :userId)",
    "createdAt = if_not_exists(createdAt, :now)",
    // Writing to us again means the chat works again (e.g. unblocked the bot).
    "unreachable = :false",
    "gsi1sk = :gsi1sk",
  ];
  const role = changes.role ?? initialContact.role;
  values[":role"] = role;
  values[":gsi1pk"] = keys.role(role);
  set.push(
    changes.role ? "#role = :role" : "#role = if_not_exists(#role, :role)",
    changes.role ? "gsi1pk = :gsi1pk" : "gsi1pk = if_not_exists(gsi1pk, :gsi1pk)",
  );
  const remove = ["unreachableReason"];
  if (changes.role === "staff" && changes.roleSource) {
    values[":roleSource"] = changes.roleSource;
    set.push("roleSource = :roleSource");
  } else if (changes.role) remove.push("roleSource", "consoleRole");
  values[":language"] = changes.language ?? initialContact.language;
  set.push(changes.language ? "#language = :language" : "#language = if_not_exists(#language, :language)");
  const name = changes.displayName ?? initialContact.displayName;
  if (name) {
    values[":name"] = name;
    set.push(changes.displayName ? "displayName = :name" : "displayName = if_not_exists(displayName, :name)");
  }
  if (changes.rate) {
    values[":rate"] = changes.rate;
    set.push("rate = :rate");
  }
  values[":noConsents"] = [];
  values[":consents"] = changes.consent ? [changes.consent] : [];
  set.push("consents = list_append(if_not_exists(consents, :noConsents), :consents)");
  return {
    Key: { pk: keys.user(user), sk: keys.contactSk },
    UpdateExpression: `SET ${set.join(", ")} REMOVE ${remove.join(", ")}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
