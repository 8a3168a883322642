// What the bot sent (Bot API calls, Graph API message payloads) -> what the page draws. The page only
// ever puts these strings into the DOM as text (textContent), never as HTML.

/** A run of text with Telegram's formatting (parse_mode HTML) already decoded. */
export interface Segment {
  readonly text: string;
  readonly bold?: true;
  readonly italic?: true;
  readonly underline?: true;
  readonly strike?: true;
  readonly code?: true;
  readonly href?: string;
}

export interface ChoiceView {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
}

export interface MessageView {
  readonly text?: readonly Segment[];
  readonly photo?: { readonly src?: string; readonly alt: string };
  readonly location?: { readonly latitude: number; readonly longitude: number; readonly name?: string };
  readonly contact?: { readonly name: string; readonly phone: string };
  /** Telegram: inline keyboard rows under the message. */
  readonly inlineKeyboard?: readonly (readonly ChoiceView[])[];
  /** Telegram: a reply keyboard replacing the phone keyboard (share contact / location). */
  readonly replyKeyboard?: readonly { readonly label: string; readonly request?: "contact" | "location" }[];
  /** WhatsApp: reply buttons under the bubble. */
  readonly buttons?: readonly ChoiceView[];
  /** WhatsApp: a list message (a button opening a sheet of rows). */
  readonly list?: {
    readonly button: string;
    readonly sections: readonly { readonly title?: string; readonly rows: readonly ChoiceView[] }[];
  };
  /** WhatsApp: "send location" request. */
  readonly locationRequest?: true;
  /** WhatsApp: an approved template (sent outside the 24-hour window). */
  readonly template?: {
    readonly name: string;
    readonly language: string;
    readonly params: readonly string[];
  };
  /** Telegram: a button press (the app shows no message for it; the simulator notes it). */
  readonly pressed?: string;
  /** Anything the simulator cannot draw: said so instead of hidden. */
  readonly note?: string;
}

const plain = (text: string): Segment[] => (text ? [{ text }] : []);

const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function decodeEntity(name: string): string {
  if (name.startsWith("#x") || name.startsWith("#X"))
    return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
  return entities[name] ?? `&${name};`;
}

/** Telegram's HTML parse mode (b, strong, i, em, u, ins, s, strike, del, code, pre, a) as segments. */
export function parseTelegramHtml(html: string): Segment[] {
  const segments: Segment[] = [];
  const open: Record<string, number> = {};
  const hrefs: string[] = [];
  const styleOf = (): Omit<Segment, "text"> => ({
    ...((open.b ?? 0) > 0 ? { bold: true as const } : {}),
    ...((open.i ?? 0) > 0 ? { italic: true as const } : {}),
    ...((open.u ?? 0) > 0 ? { underline: true as const } : {}),
    ...((open.s ?? 0) > 0 ? { strike: true as const } : {}),
    ...((open.code ?? 0) > 0 ? { code: true as const } : {}),
    ...(hrefs.length ? { href: hrefs[hrefs.length - 1]! } : {}),
  });
  const push = (text: string) => {
    if (!text) return;
    const style = styleOf();
    const last = segments[segments.length - 1];
    if (last && JSON.stringify({ ...last, text: "" }) === JSON.stringify({ ...style, text: "" })) {
      segments[segments.length - 1] = { ...last, text: last.text + text };
    } else {
      segments.push({ ...style, text });
    }
  };
  const tagKind: Record<string, string> = {
    b: "b",
    strong: "b",
    i: "i",
    em: "i",
    u: "u",
    ins: "u",
    s: "s",
    strike: "s",
    del: "s",
    code: "code",
    pre: "code",
  };
  const token =
    /<(\/?)([a-zA-Z-]+)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*>|&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g;
  let at = 0;
  for (let match = token.exec(html); match; match = token.exec(html)) {
    push(html.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[4] !== undefined) {
      push(decodeEntity(match[4]));
      continue;
    }
    const closing = match[1] === "/";
    const name = match[2]!.toLowerCase();
    if (name === "a") {
      if (closing) hrefs.pop();
      else hrefs.push(decodeHtmlText(/href="([^"]*)"/.exec(match[3] ?? "")?.[1] ?? ""));
      continue;
    }
    const kind = tagKind[name];
    if (kind) open[kind] = Math.max(0, (open[kind] ?? 0) + (closing ? -1 : 1));
    // Unknown tags (Telegram would refuse the message) are dropped, their text kept.
  }
  push(html.slice(at));
  return segments;
}

function decodeHtmlText(text: string): string {
  return text.replace(/&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (_, name: string) => decodeEntity(name));
}

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json =>
  typeof value === "object" && value !== null ? (value as Json) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string =>
  typeof value === "string" ? value : value == null ? "" : String(value);

/** Resolves a photo reference the bot sent (a file id / media id we know, or a URL) to something drawable. */
export type PhotoResolver = (reference: string) => string | undefined;

export function telegramCallView(method: string, payload: Json, resolvePhoto: PhotoResolver): MessageView {
  const html = payload.parse_mode === "HTML";
  const raw = asString(method === "sendPhoto" ? payload.caption : payload.text);
  const text = html ? parseTelegramHtml(raw) : plain(raw);
  const markup = asObject(payload.reply_markup);
  const inline = asArray(markup.inline_keyboard).map((row) =>
    asArray(row).map((button) => {
      const b = asObject(button);
      return { id: asString(b.callback_data), label: asString(b.text) };
    }),
  );
  const keyboard = asArray(markup.keyboard)
    .flatMap((row) => asArray(row))
    .map((button) => {
      const b = asObject(button);
      const request: "contact" | "location" | undefined = b.request_contact
        ? "contact"
        : b.request_location
          ? "location"
          : undefined;
      return { label: asString(b.text), ...(request ? { request } : {}) };
    });
  const view: MessageView = {
    ...(text.length ? { text } : {}),
    ...(inline.length ? { inlineKeyboard: inline } : {}),
    ...(keyboard.length ? { replyKeyboard: keyboard } : {}),
  };
  if (method === "sendPhoto") {
    const reference = asString(payload.photo);
    const src = resolvePhoto(reference);
    return { ...view, photo: { ...(src ? { src } : {}), alt: src ? "Foto" : `Foto: ${reference}` } };
  }
  if (method === "sendMessage") return view;
  if (method === "sendVenue") return { ...view, ...locationView(payload, payload.title) };
  return { ...view, note: `Bot API ${method}` };
}

/** A map pin the bot sends (Telegram sendVenue, WhatsApp location): shown like a shared location. */
function locationView(place: Json, name: unknown): MessageView {
  const latitude = Number(place.latitude);
  const longitude = Number(place.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return { note: "location" };
  const label = [asString(name), asString(place.address)].filter(Boolean).join(" · ");
  return { location: { latitude, longitude, ...(label ? { name: label } : {}) } };
}

export function whatsappPayloadView(payload: Json, resolvePhoto: PhotoResolver): MessageView {
  const imageView = (image: Json) => {
    const reference = asString(image.id ?? image.link);
    const src = resolvePhoto(reference);
    return { ...(src ? { src } : {}), alt: src ? "Foto" : `Foto: ${reference}` };
  };
  switch (payload.type) {
    case "text":
      return { text: plain(asString(asObject(payload.text).body)) };
    case "location": {
      const location = asObject(payload.location);
      return locationView(location, location.name);
    }
    case "image": {
      const image = asObject(payload.image);
      const caption = asString(image.caption);
      return { photo: imageView(image), ...(caption ? { text: plain(caption) } : {}) };
    }
    case "template": {
      const template = asObject(payload.template);
      const params = asArray(template.components).flatMap((component) =>
        asArray(asObject(component).parameters).map((parameter) => asString(asObject(parameter).text)),
      );
      return {
        template: {
          name: asString(template.name),
          language: asString(asObject(template.language).code),
          params,
        },
      };
    }
    case "interactive": {
      const interactive = asObject(payload.interactive);
      const header = asObject(interactive.header);
      const body = plain(asString(asObject(interactive.body).text));
      const action = asObject(interactive.action);
      const base: MessageView = {
        ...(body.length ? { text: body } : {}),
        ...(header.type === "image" ? { photo: imageView(asObject(header.image)) } : {}),
      };
      if (interactive.type === "button") {
        return {
          ...base,
          buttons: asArray(action.buttons).map((button) => {
            const reply = asObject(asObject(button).reply);
            return { id: asString(reply.id), label: asString(reply.title) };
          }),
        };
      }
      if (interactive.type === "list") {
        return {
          ...base,
          list: {
            button: asString(action.button),
            sections: asArray(action.sections).map((section) => {
              const s = asObject(section);
              const title = asString(s.title);
              return {
                ...(title ? { title } : {}),
                rows: asArray(s.rows).map((row) => {
                  const r = asObject(row);
                  const description = asString(r.description);
                  return {
                    id: asString(r.id),
                    label: asString(r.title),
                    ...(description ? { description } : {}),
                  };
                }),
              };
            }),
          },
        };
      }
      if (interactive.type === "location_request_message") return { ...base, locationRequest: true };
      return { ...base, note: `interactive ${asString(interactive.type)}` };
    }
    default:
      return { note: `Graph API message type ${asString(payload.type)}` };
  }
}
