// Secrets live in SST's encrypted state (set with `npx sst secret set <Name> <value> --stage <stage>`)
// and reach only the functions that link them, as Resource.<Name>.value.

export const SECRET_NAMES = [
  "TelegramBotToken",
  "TelegramWebhookSecret",
  "WhatsappToken",
  "WhatsappAppSecret",
  "WhatsappVerifyToken",
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];

export function createSecrets() {
  return {
    telegramBotToken: new sst.Secret("TelegramBotToken"),
    telegramWebhookSecret: new sst.Secret("TelegramWebhookSecret"),
    whatsappToken: new sst.Secret("WhatsappToken"),
    whatsappAppSecret: new sst.Secret("WhatsappAppSecret"),
    whatsappVerifyToken: new sst.Secret("WhatsappVerifyToken"),
  };
}

export type Secrets = ReturnType<typeof createSecrets>;
