// Validates what the bot sends: Telegram Bot API calls (against the machine-readable Bot API spec when given,
// plus built-in checks of the documented limits) and WhatsApp Cloud API message payloads (Meta's rules).
// Used by `npm run conformance` and by tests (every call a fake platform server received).
//
// Each validator returns a list of problems (empty = valid). Lengths: Telegram counts UTF-16 code units
// (what its entity offsets use), WhatsApp counts characters (code points).
import { readFileSync } from "node:fs";

export interface SpecField {
  readonly name: string;
  readonly types: readonly string[];
  readonly required: boolean;
  readonly description?: string;
}

export interface SpecEntry {
  readonly name: string;
  readonly fields?: readonly SpecField[];
  readonly subtypes?: readonly string[];
}

/** The shape of PaulSonOfLars/telegram-bot-api-spec's api.json (only what is read here). */
export interface TelegramSpec {
  readonly version?: string;
  readonly methods: Readonly<Record<string, SpecEntry>>;
  readonly types: Readonly<Record<string, SpecEntry>>;
}

export function loadTelegramSpec(path: string): TelegramSpec {
  const spec = JSON.parse(readFileSync(path, "utf8")) as TelegramSpec;
  if (!spec || typeof spec.methods !== "object" || typeof spec.types !== "object") {
    throw new Error(`${path}: not a Bot API spec (methods/types missing)`);
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------------------
// Telegram: values against spec types
// ---------------------------------------------------------------------------------------------------------

type Mode = "outbound" | "inbound";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const describe = (value: unknown) =>
  Array.isArray(value) ? "array" : value === null ? "null" : typeof value;

function checkAlternatives(
  value: unknown,
  types: readonly string[],
  spec: TelegramSpec,
  path: string,
  mode: Mode,
): string[] {
  let best: string[] | undefined;
  for (const type of types) {
    const problems = checkType(value, type, spec, path, mode);
    if (problems.length === 0) return [];
    if (!best || problems.length < best.length) best = problems;
  }
  if (types.length > 1 && best && best.length === 1 && best[0]!.endsWith(`got ${describe(value)}`)) {
    return [`${path}: expected ${types.join(" or ")}, got ${describe(value)}`];
  }
  return best ?? [];
}

function checkType(value: unknown, type: string, spec: TelegramSpec, path: string, mode: Mode): string[] {
  const array = /^Array of (.+)$/.exec(type);
  if (array?.[1]) {
    if (!Array.isArray(value)) return [`${path}: expected ${type}, got ${describe(value)}`];
    return value.flatMap((item, index) => checkType(item, array[1]!, spec, `${path}[${index}]`, mode));
  }
  switch (type) {
    case "Integer":
      return Number.isInteger(value) ? [] : [`${path}: expected Integer, got ${describe(value)}`];
    case "Float":
      return typeof value === "number" && Number.isFinite(value)
        ? []
        : [`${path}: expected Float, got ${describe(value)}`];
    case "String":
      return typeof value === "string" ? [] : [`${path}: expected String, got ${describe(value)}`];
    case "Boolean":
      return typeof value === "boolean" ? [] : [`${path}: expected Boolean, got ${describe(value)}`];
    case "True":
      return value === true ? [] : [`${path}: expected True, got ${JSON.stringify(value)}`];
    case "InputFile":
      // A file_id/URL string, or an upload (multipart): never a number.
      return typeof value === "string" || isObject(value)
        ? []
        : [`${path}: expected InputFile, got ${describe(value)}`];
  }
  const entry = spec.types[type];
  if (!entry) return []; // A type this spec does not describe: nothing to check.
  if (entry.subtypes?.length) return checkAlternatives(value, entry.subtypes, spec, path, mode);
  if (!isObject(value)) return [`${path}: expected ${type} (object), got ${describe(value)}`];
  return checkFields(value, entry.fields ?? [], spec, path, mode, type);
}

function checkFields(
  value: Record<string, unknown>,
  fields: readonly SpecField[],
  spec: TelegramSpec,
  path: string,
  mode: Mode,
  owner: string,
): string[] {
  const problems: string[] = [];
  const known = new Map(fields.map((field) => [field.name, field]));
  for (const field of fields) {
    if (field.required && value[field.name] === undefined) {
      problems.push(`${path ? `${path}.` : ""}${field.name}: required by ${owner} but missing`);
    }
  }
  for (const [name, item] of Object.entries(value)) {
    const field = known.get(name);
    const where = path ? `${path}.${name}` : name;
    if (!field) {
      // Telegram adds fields to updates over time (forward compatible); what we SEND must be known.
      if (mode === "outbound" && item !== undefined) problems.push(`${where}: not a parameter of ${owner}`);
      continue;
    }
    if (item === undefined) continue;
    problems.push(...checkAlternatives(item, field.types, spec, where, mode));
  }
  return problems;
}

/** Inbound: is this Update valid per the spec (required fields, types)? Unknown fields are allowed. */
export function validateTelegramUpdate(update: unknown, spec?: TelegramSpec): string[] {
  if (spec?.types.Update) return checkType(update, "Update", spec, "", "inbound").map(trimDot);
  return checkType(update, "Update", builtInUpdateSpec, "", "inbound").map(trimDot);
}

const trimDot = (problem: string) => problem.replace(/^\./, "");

const field = (name: string, types: string[], required = false): SpecField => ({ name, types, required });

/** Without --spec: the core of the Update tree (the required fields every library relies on). */
const builtInUpdateSpec: TelegramSpec = {
  methods: {},
  types: {
    Update: {
      name: "Update",
      fields: [
        field("update_id", ["Integer"], true),
        field("message", ["Message"]),
        field("edited_message", ["Message"]),
        field("channel_post", ["Message"]),
        field("edited_channel_post", ["Message"]),
        field("business_message", ["Message"]),
        field("edited_business_message", ["Message"]),
        field("callback_query", ["CallbackQuery"]),
      ],
    },
    User: {
      name: "User",
      fields: [
        field("id", ["Integer"], true),
        field("is_bot", ["Boolean"], true),
        field("first_name", ["String"], true),
      ],
    },
    Chat: { name: "Chat", fields: [field("id", ["Integer"], true), field("type", ["String"], true)] },
    Message: {
      name: "Message",
      fields: [
        field("message_id", ["Integer"], true),
        field("date", ["Integer"], true),
        field("chat", ["Chat"], true),
        field("from", ["User"]),
        field("text", ["String"]),
      ],
    },
    CallbackQuery: {
      name: "CallbackQuery",
      fields: [
        field("id", ["String"], true),
        field("from", ["User"], true),
        field("chat_instance", ["String"], true),
        field("data", ["String"]),
        field("message", ["Message"]),
      ],
    },
  },
};

// ---------------------------------------------------------------------------------------------------------
// Telegram: outbound calls
// ---------------------------------------------------------------------------------------------------------

const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
const codePoints = (text: string) => [...text].length;

const htmlTags = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "tg-emoji",
  "code",
  "pre",
  "blockquote",
  "tg-time",
]);

/** Telegram's HTML parse mode: supported tags, balanced, `<` and `&` escaped. Returns [problems, visible]. */
export function parseTelegramHtml(html: string): { problems: string[]; visible: string } {
  const problems: string[] = [];
  const stack: string[] = [];
  let visible = "";
  let index = 0;
  while (index < html.length) {
    const char = html[index]!;
    if (char === "<") {
      const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)>/.exec(html.slice(index));
      if (!tag) {
        problems.push(`unescaped "<" at ${index} (write &lt;)`);
        visible += char;
        index++;
        continue;
      }
      const [whole, closing, rawName = ""] = tag;
      const name = rawName.toLowerCase();
      if (!htmlTags.has(name)) problems.push(`unsupported HTML tag <${closing}${name}>`);
      if (closing) {
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> closes ${open ? `<${open}>` : "nothing"}`);
      } else {
        stack.push(name);
      }
      index += whole.length;
      continue;
    }
    if (char === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9A-Fa-f]{1,6});/.exec(html.slice(index));
      if (!entity) {
        problems.push(`unescaped "&" at ${index} (write &amp;)`);
        visible += char;
        index++;
        continue;
      }
      const code = entity[1]!;
      visible +=
        code === "lt"
          ? "<"
          : code === "gt"
            ? ">"
            : code === "amp"
              ? "&"
              : code === "quot"
                ? '"'
                : String.fromCodePoint(
                    code.startsWith("#x") ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1)),
                  );
      index += entity[0].length;
      continue;
    }
    visible += char;
    index++;
  }
  for (const open of stack) problems.push(`<${open}> never closed`);
  return { problems, visible };
}

/**
 * A button label that is not meaningful: cut off ("…") or a heading (ends with ":"). A cut label is fine
 * when the message shows it whole (a long training title listed above its button).
 */
export function labelProblems(label: string, where: string, shownWhole = ""): string[] {
  const trimmed = label.trim();
  const cut = trimmed.replace(/(…|\.\.\.)$/, "");
  if (cut !== trimmed && !(cut.length >= 20 && shownWhole.includes(cut)))
    return [`${where}: label "${label}" is truncated (ends with "…")`];
  if (/:$/.test(trimmed)) return [`${where}: label "${label}" is a heading (ends with ":")`];
  return [];
}

function messageText(text: unknown, parseMode: unknown, where: string, min: number, max: number): string[] {
  if (typeof text !== "string") return [];
  const problems: string[] = [];
  let visible = text;
  if (parseMode === "HTML") {
    const parsed = parseTelegramHtml(text);
    problems.push(...parsed.problems.map((problem) => `${where}: ${problem}`));
    visible = parsed.visible;
  }
  if (min > 0 && visible.trim().length === 0) problems.push(`${where}: empty after entities parsing`);
  if (visible.length > max) problems.push(`${where}: ${visible.length} characters, the limit is ${max}`);
  return problems;
}

const inlineButtonKindFields = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

function replyMarkupProblems(markup: unknown, where: string, text = ""): string[] {
  if (markup === undefined) return [];
  if (!isObject(markup)) return [`${where}: must be an object`];
  const problems: string[] = [];
  if ("inline_keyboard" in markup) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
      return [`${where}.inline_keyboard: must be an array of button rows (arrays)`];
    }
    rows.forEach((row: unknown[], r) => {
      row.forEach((button, b) => {
        const at = `${where}.inline_keyboard[${r}][${b}]`;
        if (!isObject(button)) {
          problems.push(`${at}: must be an InlineKeyboardButton object`);
          return;
        }
        if (typeof button.text !== "string" || !button.text.trim()) problems.push(`${at}.text: empty`);
        else problems.push(...labelProblems(button.text, `${at}.text`, text));
        const kinds = Object.keys(button).filter(
          (key) => button[key] !== undefined && !["text", "icon_custom_emoji_id", "style"].includes(key),
        );
        if (kinds.length !== 1) {
          problems.push(
            `${at}: exactly one of ${inlineButtonKindFields.join("/")} must be set, got ${kinds.join(", ") || "none"}`,
          );
        }
        if ("callback_data" in button) {
          const data = button.callback_data;
          if (typeof data !== "string" || utf8Bytes(data) < 1 || utf8Bytes(data) > 64) {
            problems.push(
              `${at}.callback_data: ${typeof data === "string" ? utf8Bytes(data) : describe(data)} bytes, must be 1-64 bytes`,
            );
          }
        }
      });
    });
  }
  if ("keyboard" in markup) {
    const rows = markup.keyboard;
    if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
      return [...problems, `${where}.keyboard: must be an array of button rows (arrays)`];
    }
    rows.forEach((row: unknown[], r) => {
      row.forEach((button, b) => {
        const at = `${where}.keyboard[${r}][${b}]`;
        const text = typeof button === "string" ? button : isObject(button) ? button.text : undefined;
        if (typeof text !== "string" || !text.trim()) problems.push(`${at}.text: empty`);
        else problems.push(...labelProblems(text, `${at}.text`));
      });
    });
  }
  return problems;
}

/** One Bot API call (method + JSON parameters). With a spec: method, required/unknown parameters, types. */
export function validateTelegramCall(
  method: string,
  payload: Record<string, unknown>,
  spec?: TelegramSpec,
): string[] {
  const problems: string[] = [];
  if (spec) {
    const entry = spec.methods[method];
    if (!entry) return [`${method}: no such Bot API method`];
    problems.push(...checkFields(payload, entry.fields ?? [], spec, "", "outbound", method));
  }
  if ("parse_mode" in payload && !["HTML", "MarkdownV2", "Markdown"].includes(String(payload.parse_mode))) {
    problems.push(`parse_mode: "${String(payload.parse_mode)}" is not HTML, MarkdownV2 or Markdown`);
  }
  if (/^(send|edit|copy|forward|delete|pin|unpin)/.test(method) && payload.chat_id !== undefined) {
    const chatId = payload.chat_id;
    if (!Number.isInteger(chatId) && !(typeof chatId === "string" && /^(-?\d+|@\w{4,})$/.test(chatId))) {
      problems.push(`chat_id: ${JSON.stringify(chatId)} is neither a chat id nor @username`);
    }
  }
  if (method === "sendMessage" || method === "editMessageText") {
    if (typeof payload.text !== "string") problems.push("text: missing");
    problems.push(...messageText(payload.text, payload.parse_mode, "text", 1, 4096));
  }
  if ("caption" in payload)
    problems.push(...messageText(payload.caption, payload.parse_mode, "caption", 0, 1024));
  if (method === "answerCallbackQuery" && typeof payload.text === "string" && payload.text.length > 200) {
    problems.push(`text: ${payload.text.length} characters, the limit is 200`);
  }
  problems.push(
    ...replyMarkupProblems(
      payload.reply_markup,
      "reply_markup",
      typeof payload.text === "string"
        ? payload.text
        : typeof payload.caption === "string"
          ? payload.caption
          : "",
    ),
  );
  return problems.map((problem) => `${method} ${problem}`);
}

// ---------------------------------------------------------------------------------------------------------
// WhatsApp: outbound message payloads
// ---------------------------------------------------------------------------------------------------------

/** A phone number as Meta's `to` takes it (digits, optionally +). */
export const whatsappPhonePattern = /^\+?\d{5,20}$/;
/** A business-scoped user id: `US.13491208655302741918`, parent ids `US.ENT.…`. */
export const bsuidPattern = /^[A-Z]{2}\.(?:ENT\.)?[0-9A-Za-z]{4,}$/;

export interface WhatsAppValidationContext {
  /** False when the recipient has not written within 24 h (then only templates may be sent). */
  readonly windowOpen?: (recipient: string) => boolean;
}

const textLimit = (value: unknown, where: string, max: number, required: boolean): string[] => {
  if (value === undefined || value === null) return required ? [`${where}: required but missing`] : [];
  if (typeof value !== "string") return [`${where}: must be a string, got ${describe(value)}`];
  if (required && !value.trim()) return [`${where}: empty`];
  const length = codePoints(value);
  return length > max ? [`${where}: ${length} characters, the limit is ${max} ("${value}")`] : [];
};

function interactiveProblems(interactive: unknown): string[] {
  if (!isObject(interactive)) return ["interactive: required object missing"];
  const problems: string[] = [];
  const type = interactive.type;
  const action = isObject(interactive.action) ? interactive.action : undefined;
  const body = isObject(interactive.body) ? interactive.body : undefined;
  if (type === "button" || type === "list") {
    if (!body) problems.push("interactive.body: required for button and list messages");
    problems.push(...textLimit(body?.text, "interactive.body.text", 1024, true));
  } else if (body) {
    problems.push(...textLimit(body.text, "interactive.body.text", 1024, false));
  }
  if (interactive.footer !== undefined) {
    const footer = isObject(interactive.footer) ? interactive.footer : {};
    problems.push(...textLimit(footer.text, "interactive.footer.text", 60, true));
  }
  if (interactive.header !== undefined) {
    const header = isObject(interactive.header) ? interactive.header : {};
    if (header.type === "text") problems.push(...textLimit(header.text, "interactive.header.text", 60, true));
    else if (type === "list") problems.push(`interactive.header.type: a list header must be text`);
    else if (!["image", "video", "document"].includes(String(header.type))) {
      problems.push(`interactive.header.type: "${String(header.type)}" is not text/image/video/document`);
    }
  }
  if (type === "button") {
    const buttons = action?.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) {
      return [
        ...problems,
        `interactive.action.buttons: ${Array.isArray(buttons) ? buttons.length : "no"} buttons, 1-3 allowed`,
      ];
    }
    const ids = new Set<string>();
    const titles = new Set<string>();
    buttons.forEach((button: unknown, index) => {
      const at = `interactive.action.buttons[${index}]`;
      const reply = isObject(button) && isObject(button.reply) ? button.reply : undefined;
      if (!isObject(button) || button.type !== "reply" || !reply) {
        problems.push(`${at}: must be {type: "reply", reply: {id, title}}`);
        return;
      }
      problems.push(...textLimit(reply.id, `${at}.reply.id`, 256, true));
      problems.push(...textLimit(reply.title, `${at}.reply.title`, 20, true));
      if (typeof reply.title === "string") problems.push(...labelProblems(reply.title, `${at}.reply.title`));
      if (ids.has(String(reply.id))) problems.push(`${at}.reply.id: "${String(reply.id)}" is not unique`);
      if (titles.has(String(reply.title))) {
        problems.push(`${at}.reply.title: "${String(reply.title)}" is not unique`);
      }
      ids.add(String(reply.id));
      titles.add(String(reply.title));
    });
  } else if (type === "list") {
    problems.push(...textLimit(action?.button, "interactive.action.button", 20, true));
    if (typeof action?.button === "string") {
      problems.push(...labelProblems(action.button, "interactive.action.button"));
    }
    const sections = action?.sections;
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) {
      return [
        ...problems,
        `interactive.action.sections: ${Array.isArray(sections) ? sections.length : "no"} sections, 1-10 allowed`,
      ];
    }
    let rowCount = 0;
    const ids = new Set<string>();
    sections.forEach((section: unknown, s) => {
      const at = `interactive.action.sections[${s}]`;
      if (!isObject(section)) {
        problems.push(`${at}: must be an object`);
        return;
      }
      problems.push(...textLimit(section.title, `${at}.title`, 24, true));
      const rows = section.rows;
      if (!Array.isArray(rows) || rows.length === 0) {
        problems.push(`${at}.rows: at least one row required`);
        return;
      }
      rows.forEach((row: unknown, r) => {
        rowCount++;
        const where = `${at}.rows[${r}]`;
        if (!isObject(row)) {
          problems.push(`${where}: must be an object`);
          return;
        }
        problems.push(...textLimit(row.id, `${where}.id`, 200, true));
        problems.push(...textLimit(row.title, `${where}.title`, 24, true));
        if (typeof row.title === "string") problems.push(...labelProblems(row.title, `${where}.title`));
        problems.push(...textLimit(row.description, `${where}.description`, 72, false));
        if (ids.has(String(row.id))) problems.push(`${where}.id: "${String(row.id)}" is not unique`);
        ids.add(String(row.id));
      });
    });
    if (rowCount > 10) problems.push(`interactive.action.sections: ${rowCount} rows in total, at most 10`);
  } else if (
    ![
      "cta_url",
      "flow",
      "product",
      "product_list",
      "catalog_message",
      "location_request_message",
      "call_permission_request",
    ].includes(String(type))
  ) {
    problems.push(`interactive.type: "${String(type)}" is not a WhatsApp interactive type`);
  }
  return problems;
}

function templateProblems(template: unknown): string[] {
  if (!isObject(template)) return ["template: required object missing"];
  const problems: string[] = [];
  if (typeof template.name !== "string" || !/^[a-z0-9_]{1,512}$/.test(template.name)) {
    problems.push(`template.name: ${JSON.stringify(template.name)} is not a template name`);
  }
  const language = isObject(template.language) ? template.language : undefined;
  if (typeof language?.code !== "string" || !language.code) problems.push("template.language.code: missing");
  const components = template.components;
  if (components === undefined) return problems;
  if (!Array.isArray(components)) return [...problems, "template.components: must be an array"];
  components.forEach((component: unknown, c) => {
    const parameters = isObject(component) ? component.parameters : undefined;
    if (!Array.isArray(parameters)) return;
    parameters.forEach((parameter: unknown, p) => {
      const at = `template.components[${c}].parameters[${p}]`;
      if (isObject(parameter) && parameter.type === "image") {
        const image = isObject(parameter.image) ? parameter.image : undefined;
        if (typeof image?.id !== "string" && typeof image?.link !== "string")
          problems.push(`${at}.image: needs an id or a link`);
        return;
      }
      if (!isObject(parameter) || parameter.type !== "text") return;
      const text = parameter.text;
      if (typeof text !== "string" || !text.trim()) {
        problems.push(`${at}.text: empty`);
        return;
      }
      if (/[\n\t]/.test(text)) problems.push(`${at}.text: contains a newline or tab (Meta error 132018)`);
      if (/ {5,}/.test(text)) problems.push(`${at}.text: more than 4 consecutive spaces (Meta error 132018)`);
    });
  });
  return problems;
}

/** One POST /{phone-number-id}/messages body. */
export function validateWhatsAppCall(
  payload: Record<string, unknown>,
  context: WhatsAppValidationContext = {},
): string[] {
  const problems: string[] = [];
  if (payload.messaging_product !== "whatsapp") {
    problems.push(`messaging_product: ${JSON.stringify(payload.messaging_product)}, must be "whatsapp"`);
  }
  // Marking a message read (optionally with the typing indicator): no recipient, no type.
  if (payload.status === "read") {
    if (typeof payload.message_id !== "string" || !payload.message_id) problems.push("message_id: missing");
    return problems;
  }
  const to = payload.to;
  const recipient = payload.recipient;
  if (to === undefined && recipient === undefined) problems.push("to/recipient: no recipient");
  if (to !== undefined) {
    if (typeof to === "string" && bsuidPattern.test(to)) {
      problems.push(`to: "${to}" is a BSUID; a BSUID goes in "recipient", "to" is only for phone numbers`);
    } else if (typeof to !== "string" || !whatsappPhonePattern.test(to)) {
      problems.push(`to: ${JSON.stringify(to)} is not a phone number`);
    }
  }
  if (recipient !== undefined && (typeof recipient !== "string" || !bsuidPattern.test(recipient))) {
    problems.push(`recipient: ${JSON.stringify(recipient)} is not a business-scoped user id`);
  }
  if (payload.recipient_type !== undefined && payload.recipient_type !== "individual") {
    problems.push(`recipient_type: ${JSON.stringify(payload.recipient_type)}, must be "individual"`);
  }
  const type =
    typeof payload.type === "string" ? payload.type : payload.type === undefined ? "text" : "(not a string)";
  const address = typeof recipient === "string" ? recipient : typeof to === "string" ? to : undefined;
  if (type !== "template" && address && context.windowOpen && !context.windowOpen(address)) {
    problems.push(
      `${String(type)} to ${address} outside the 24-hour customer service window (only templates may be sent)`,
    );
  }
  switch (type) {
    case "text": {
      const text = isObject(payload.text) ? payload.text : undefined;
      problems.push(...textLimit(text?.body, "text.body", 4096, true));
      break;
    }
    case "interactive":
      problems.push(...interactiveProblems(payload.interactive));
      break;
    case "template":
      problems.push(...templateProblems(payload.template));
      break;
    case "image":
    case "video":
    case "document":
    case "audio":
    case "sticker": {
      const media = payload[type];
      if (!isObject(media) || (typeof media.id !== "string" && typeof media.link !== "string")) {
        problems.push(`${type}: needs an id or a link`);
      } else if (media.caption !== undefined) {
        problems.push(...textLimit(media.caption, `${type}.caption`, 1024, false));
      }
      break;
    }
    case "location": {
      const location = isObject(payload.location) ? payload.location : {};
      if (typeof location.latitude !== "number" || typeof location.longitude !== "number") {
        problems.push("location: latitude and longitude must be numbers");
      }
      break;
    }
    case "reaction":
    case "contacts":
      break;
    default:
      problems.push(`type: ${JSON.stringify(type)} is not a WhatsApp message type`);
  }
  return problems;
}
