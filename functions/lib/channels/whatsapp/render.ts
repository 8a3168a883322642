// Neutral replies -> WhatsApp Cloud API message payloads, within the platform's limits:
// <= 3 choices as reply buttons, <= 10 as a list, more as numbered text with a "next page" button.
import { choicePageSize, numberedChoiceLines, pagingChoiceId } from "../../core/features/paging.js";
import type { Choice, Reply } from "../../core/replies.js";
import { cutIndex, graphemePrefix, type LengthUnit, shorten } from "../../core/text.js";
import { shareContactChoiceId } from "./normalise.js";

export const whatsappLimits = {
  text: 4096,
  body: 1024,
  caption: 1024,
  buttons: 3,
  buttonTitle: 20,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  sectionTitle: 24,
  listButton: 20,
  buttonId: 256,
  rowId: 200,
} as const;

/** Meta counts titles and labels in characters; long texts are split by UTF-16 length, which never counts fewer. */
const waUnit: LengthUnit = "codePoint";

/** Texts the renderer adds itself, in the recipient's language (the messenger translates them). */
export interface RenderLabels {
  /** List button when the reply has no `choicesTitle`. */
  readonly choose: string;
  /** The "next page" button of a long numbered list. */
  readonly next: string;
}

export type GraphMessage = Record<string, unknown> & { readonly type: string };

/** True when the label fits whole (or as its name without an explanation in brackets), not cut off. */
export const fitsWhole = (label: string, max: number) => !shorten(label, max, waUnit).endsWith("…");

/** Cut at a word boundary without "…": only where the whole label is shown beside it (a row description). */
// Escaped: esbuild copies regex literals as written, and one non-ASCII character makes the bundle two-byte.
const clipped = (label: string, max: number) => shorten(label, max, waUnit).replace(/\u2026$/, "");

/**
 * Shortened titles that stay distinct (WhatsApp refuses two buttons with the same title). `clip`: the whole
 * label is shown elsewhere, so a title is cut at a word boundary without "…".
 */
export function distinctTitles(labels: readonly string[], max: number, clip = false): string[] {
  const seen = new Set<string>();
  const cut = clip ? clipped : (label: string, max: number) => shorten(label, max, waUnit);
  return labels.map((label) => {
    let title = cut(label, max);
    for (let n = 2; seen.has(title.toLowerCase()); n++)
      title = `${cut(label, max - 2 - String(n).length)} ${n}`;
    seen.add(title.toLowerCase());
    return title;
  });
}

/** Splits on paragraph/line/word boundaries so every part is within `limit` characters. */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf("\n", limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(" ", limit);
    if (cut < limit / 2) cut = cutIndex(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  parts.push(rest);
  return parts;
}

const textMessage = (body: string): GraphMessage => ({ type: "text", text: { body, preview_url: false } });

/**
 * Where a message goes: a phone number (wa_id) in `to`; a business-scoped user id (a person known only by
 * username, e.g. "US.6000000137") in `recipient`, as Meta requires.
 */
export const addressOf = (userId: string): { to: string } | { recipient: string } =>
  /^\+?\d+$/.test(userId) ? { to: userId } : { recipient: userId };

/** A media id, or a link Meta fetches itself. */
export const mediaRef = (photo: string) => (/^https?:\/\//.test(photo) ? { link: photo } : { id: photo });

/** Body text for an interactive message: anything over 1024 characters goes out first as text. */
function withBody(text: string, build: (body: string) => GraphMessage): GraphMessage[] {
  const body = text.trim() || "…";
  if (body.length <= whatsappLimits.body) return [build(body)];
  const parts = splitText(body, whatsappLimits.body);
  const last = parts.pop() ?? "…";
  return [...splitText(parts.join("\n"), whatsappLimits.text).map(textMessage), build(last)];
}

function buttonsMessage(text: string, buttons: readonly { id: string; label: string }[], header?: unknown) {
  const titles = distinctTitles(
    buttons.map((button) => button.label),
    whatsappLimits.buttonTitle,
  );
  return withBody(text, (body) => ({
    type: "interactive",
    interactive: {
      type: "button",
      ...(header ? { header } : {}),
      body: { text: body },
      action: {
        buttons: buttons.map((button, index) => ({
          type: "reply",
          reply: { id: graphemePrefix(button.id, whatsappLimits.buttonId, waUnit), title: titles[index] },
        })),
      },
    },
  }));
}

function listMessage(text: string, choices: readonly Choice[], buttonLabel: string) {
  const titles = distinctTitles(
    choices.map((choice) => choice.label),
    whatsappLimits.rowTitle,
    true,
  );
  const rows = choices.map((choice, index) => {
    // A label too long for the row title is shown whole (up to 72) in the description.
    const long = !fitsWhole(choice.label, whatsappLimits.rowTitle);
    const description =
      long && choice.description
        ? `${choice.label.trim()}: ${choice.description}`
        : (choice.description ?? (long ? choice.label : undefined));
    return {
      id: graphemePrefix(choice.id, whatsappLimits.rowId, waUnit),
      title: titles[index],
      ...(description ? { description: shorten(description, whatsappLimits.rowDescription, waUnit) } : {}),
    };
  });
  return withBody(text, (body) => ({
    type: "interactive",
    interactive: {
      type: "list",
      body: { text: body },
      action: {
        button: shorten(buttonLabel, whatsappLimits.listButton, waUnit),
        // Meta's list reference requires a section title, even for a single section.
        sections: [{ title: shorten(buttonLabel, whatsappLimits.sectionTitle, waUnit), rows }],
      },
    },
  }));
}

/** More than a list holds: the first page as numbered lines (typed numbers work) plus "next page". */
function numberedMessage(text: string, choices: readonly Choice[], labels: RenderLabels) {
  const lines = numberedChoiceLines(
    choices
      .slice(0, choicePageSize)
      .map((choice) => ({ ...choice, label: shorten(choice.label, 80, waUnit) })),
    1,
  ).join("\n");
  const next = [{ id: pagingChoiceId(2), label: labels.next }];
  const combined = `${text.trim()}\n\n${lines}`;
  if (combined.length <= whatsappLimits.body) return buttonsMessage(combined, next);
  return [...splitText(text, whatsappLimits.text).map(textMessage), ...buttonsMessage(lines, next)];
}

function uniqueById(choices: readonly Choice[]): Choice[] {
  const seen = new Set<string>();
  return choices.filter((choice) => !seen.has(choice.id) && seen.add(choice.id));
}

function renderOne(reply: Reply, labels: RenderLabels): GraphMessage[] {
  const choices = uniqueById(reply.choices ?? []);
  const messages: GraphMessage[] = [];
  let text = reply.text;

  if (reply.photo) {
    const image = mediaRef(reply.photo);
    const fitsCaption = text.length <= whatsappLimits.caption;
    // A photo with a few buttons: one interactive message with the photo as its header.
    const buttonsFit = choices.every((choice) => fitsWhole(choice.label, whatsappLimits.buttonTitle));
    if (
      fitsCaption &&
      !reply.request &&
      buttonsFit &&
      choices.length >= 1 &&
      choices.length <= whatsappLimits.buttons
    ) {
      return buttonsMessage(text, choices, { type: "image", image });
    }
    if (fitsCaption && !reply.request && choices.length === 0) {
      return [{ type: "image", image: { ...image, caption: text } }];
    }
    messages.push({ type: "image", image });
    if (fitsCaption && !reply.request && !text.trim()) return messages;
  }

  if (reply.request?.kind === "location") {
    messages.push(
      ...withBody(text, (body) => ({
        type: "interactive",
        interactive: {
          type: "location_request_message",
          body: { text: body },
          action: { name: "send_location" },
        },
      })),
    );
    if (!choices.length) return messages;
    text = reply.choicesTitle ?? labels.choose;
  }

  if (reply.request?.kind === "contact") {
    // No share-contact button on WhatsApp: offer the sender's own number (normalise.ts maps it back).
    const buttons = [{ id: shareContactChoiceId, label: reply.request.label }, ...choices].slice(
      0,
      whatsappLimits.buttons,
    );
    return [...messages, ...buttonsMessage(text, buttons)];
  }

  if (choices.length === 0) return [...messages, ...splitText(text, whatsappLimits.text).map(textMessage)];
  // Buttons only when every label fits whole; otherwise a list, whose rows show the whole label.
  const buttonsFit = choices.every((choice) => fitsWhole(choice.label, whatsappLimits.buttonTitle));
  if (choices.length <= whatsappLimits.buttons && buttonsFit)
    return [...messages, ...buttonsMessage(text, choices)];
  if (choices.length <= whatsappLimits.rows)
    return [...messages, ...listMessage(text, choices, reply.choicesTitle ?? labels.choose)];
  return [...messages, ...numberedMessage(text, choices, labels)];
}

/** A map pin after the reply's text. */
function locationOf(reply: Reply): GraphMessage[] {
  if (!reply.location) return [];
  const { latitude, longitude, name, address } = reply.location;
  return [{ type: "location", location: { latitude, longitude, name, address } }];
}

/** One Graph API POST body per message, addressed to `to` (a wa_id). */
export function renderWhatsAppReplies(
  to: string,
  replies: readonly Reply[],
  labels: RenderLabels,
): Record<string, unknown>[] {
  return replies
    .flatMap((reply) => [...renderOne(reply, labels), ...locationOf(reply)])
    .map((message) => ({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      ...addressOf(to),
      ...message,
    }));
}
