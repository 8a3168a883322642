// Start/menu, help, language and cancel: the features every conversation has.
import { isLanguage } from "../contact.js";
import type { Feature } from "../feature.js";
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";

export type MenuBuilder = (ctx: TurnContext) => readonly Choice[];

export function createBasicsFeatures(mainMenu: MenuBuilder): Feature[] {
  const showMenu = (ctx: TurnContext, text = ctx.t("menu.title")) => {
    ctx.ask(text, mainMenu(ctx), { choicesTitle: ctx.t("menu.choicesTitle") });
  };
  const greet = (ctx: TurnContext) => {
    const name = ctx.event.profile.name ? ` ${ctx.event.profile.name}` : "";
    const key = ctx.contact.stored ? "greeting.again" : "greeting.welcome";
    showMenu(ctx, ctx.t(key, { name }));
  };

  const start: Feature = {
    name: "start",
    commands: { start: greet, menu: (ctx) => showMenu(ctx) },
    keywords: { menu: "menu", "menu utama": "menu", mulai: "start", start: "start", main: "menu" },
    choicePrefix: "menu",
    onChoice: (ctx) => showMenu(ctx),
  };

  const help: Feature = {
    name: "help",
    commands: {
      bantuan: (ctx) => ctx.ask(ctx.t("help.text"), [{ id: "menu", label: ctx.t("menu.back") }]),
    },
    keywords: { bantuan: "bantuan", help: "bantuan", tolong: "bantuan" },
    choicePrefix: "help",
    onChoice: (ctx) => ctx.ask(ctx.t("help.text"), [{ id: "menu", label: ctx.t("menu.back") }]),
    menuEntries: (ctx) => [{ id: "help", label: ctx.t("menu.help") }],
  };

  const askLanguage = (ctx: TurnContext) =>
    ctx.ask(ctx.t("language.prompt"), [
      { id: "lang:id", label: ctx.t("language.id") },
      { id: "lang:en", label: ctx.t("language.en") },
    ]);
  const language: Feature = {
    name: "language",
    commands: { bahasa: askLanguage, language: askLanguage },
    keywords: { bahasa: "bahasa", language: "bahasa", "ganti bahasa": "bahasa", "change language": "bahasa" },
    choicePrefix: "lang",
    onChoice: (ctx, arg) => {
      if (!arg) return askLanguage(ctx);
      if (!isLanguage(arg)) return showMenu(ctx, ctx.t("errors.choiceExpired"));
      ctx.setLanguage(arg);
      showMenu(ctx, `${ctx.t("language.changed")}\n\n${ctx.t("menu.title")}`);
    },
    menuEntries: (ctx) => [{ id: "lang", label: ctx.t("menu.language") }],
  };

  const cancel: Feature = {
    name: "cancel",
    commands: {
      batal: (ctx) => {
        const active = ctx.conversation && ctx.conversation.flow !== "idle";
        ctx.setConversation(null);
        showMenu(ctx, `${ctx.t(active ? "cancel.done" : "cancel.nothing")}\n\n${ctx.t("menu.title")}`);
      },
    },
    keywords: { batal: "batal", cancel: "batal", batalkan: "batal", "gak jadi": "batal", "ga jadi": "batal" },
  };

  return [start, help, language, cancel];
}
