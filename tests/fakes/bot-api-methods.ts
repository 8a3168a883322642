// The Bot API methods this project calls, with their parameters and the types they use, written by hand from
// the Bot API documentation (the same JSON shape the outbound validator reads). The fakes check every call
// against it, so a new method or parameter must be added here on purpose.
import type { SpecField, TelegramSpec } from "../../scripts/lib/outbound-validator.js";

const f = (name: string, types: string[], required = false): SpecField => ({ name, types, required });

const replyMarkup = f("reply_markup", [
  "InlineKeyboardMarkup",
  "ReplyKeyboardMarkup",
  "ReplyKeyboardRemove",
  "ForceReply",
]);
const chatId = f("chat_id", ["Integer", "String"], true);

export const botApiMethods: TelegramSpec = {
  methods: {
    getMe: { name: "getMe", fields: [] },
    getFile: { name: "getFile", fields: [f("file_id", ["String"], true)] },
    getWebhookInfo: { name: "getWebhookInfo", fields: [] },
    deleteWebhook: { name: "deleteWebhook", fields: [f("drop_pending_updates", ["Boolean"])] },
    setWebhook: {
      name: "setWebhook",
      fields: [
        f("url", ["String"], true),
        f("max_connections", ["Integer"]),
        f("allowed_updates", ["Array of String"]),
        f("drop_pending_updates", ["Boolean"]),
        f("secret_token", ["String"]),
      ],
    },
    getUpdates: {
      name: "getUpdates",
      fields: [
        f("offset", ["Integer"]),
        f("limit", ["Integer"]),
        f("timeout", ["Integer"]),
        f("allowed_updates", ["Array of String"]),
      ],
    },
    sendMessage: {
      name: "sendMessage",
      fields: [
        chatId,
        f("text", ["String"], true),
        f("parse_mode", ["String"]),
        f("link_preview_options", ["LinkPreviewOptions"]),
        f("disable_notification", ["Boolean"]),
        f("protect_content", ["Boolean"]),
        replyMarkup,
      ],
    },
    sendVenue: {
      name: "sendVenue",
      fields: [
        chatId,
        f("latitude", ["Float"], true),
        f("longitude", ["Float"], true),
        f("title", ["String"], true),
        f("address", ["String"], true),
        f("disable_notification", ["Boolean"]),
        replyMarkup,
      ],
    },
    sendPhoto: {
      name: "sendPhoto",
      fields: [
        chatId,
        f("photo", ["InputFile", "String"], true),
        f("caption", ["String"]),
        f("parse_mode", ["String"]),
        f("disable_notification", ["Boolean"]),
        f("protect_content", ["Boolean"]),
        replyMarkup,
      ],
    },
    sendChatAction: { name: "sendChatAction", fields: [chatId, f("action", ["String"], true)] },
    answerCallbackQuery: {
      name: "answerCallbackQuery",
      fields: [
        f("callback_query_id", ["String"], true),
        f("text", ["String"]),
        f("show_alert", ["Boolean"]),
        f("url", ["String"]),
        f("cache_time", ["Integer"]),
      ],
    },
  },
  types: {
    InlineKeyboardMarkup: {
      name: "InlineKeyboardMarkup",
      fields: [f("inline_keyboard", ["Array of Array of InlineKeyboardButton"], true)],
    },
    InlineKeyboardButton: {
      name: "InlineKeyboardButton",
      fields: [f("text", ["String"], true), f("url", ["String"]), f("callback_data", ["String"])],
    },
    ReplyKeyboardMarkup: {
      name: "ReplyKeyboardMarkup",
      fields: [
        f("keyboard", ["Array of Array of KeyboardButton"], true),
        f("is_persistent", ["Boolean"]),
        f("resize_keyboard", ["Boolean"]),
        f("one_time_keyboard", ["Boolean"]),
        f("input_field_placeholder", ["String"]),
        f("selective", ["Boolean"]),
      ],
    },
    KeyboardButton: {
      name: "KeyboardButton",
      fields: [
        f("text", ["String"], true),
        f("request_contact", ["Boolean"]),
        f("request_location", ["Boolean"]),
      ],
    },
    ReplyKeyboardRemove: {
      name: "ReplyKeyboardRemove",
      fields: [f("remove_keyboard", ["Boolean"], true), f("selective", ["Boolean"])],
    },
    ForceReply: {
      name: "ForceReply",
      fields: [
        f("force_reply", ["Boolean"], true),
        f("input_field_placeholder", ["String"]),
        f("selective", ["Boolean"]),
      ],
    },
    LinkPreviewOptions: {
      name: "LinkPreviewOptions",
      fields: [
        f("is_disabled", ["Boolean"]),
        f("url", ["String"]),
        f("prefer_small_media", ["Boolean"]),
        f("prefer_large_media", ["Boolean"]),
        f("show_above_text", ["Boolean"]),
      ],
    },
  },
};
