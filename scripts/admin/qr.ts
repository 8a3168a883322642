// `admin -- qr --target <promo|daftar|lapak:<sellerId>> --out <file.png> [--channel telegram|whatsapp]`: a QR code
// (PNG, made locally, no network) for a poster link that opens the bot on that intent. Configuration only.
import { writeFile } from "node:fs/promises";
import QRCode from "qrcode";
import { type Config, ConfigError, parseConfig } from "../../functions/lib/config/config.js";
import {
  parseDeepLinkTarget,
  telegramDeepLink,
  whatsappDeepLink,
} from "../../functions/lib/core/deep-links.js";
import { type AdminIo, parseArgs, UsageError } from "./command.js";

const spec = { values: ["target", "out", "channel"] };
const channels = ["telegram", "whatsapp"] as const;

export const qrCommand = {
  summary: "QR code PNG of a poster link (Telegram t.me / WhatsApp wa.me) to promo, daftar or a seller",
  usage: [
    "Usage: npm run --silent admin -- qr --target <promo|daftar|lapak:<sellerId>> --out <file.png> [--channel telegram|whatsapp]",
    "",
    "Prints both links. Without --channel it writes one PNG per channel: <file>-telegram.png and <file>-whatsapp.png;",
    "with --channel, only that channel's code, to <file.png> itself.",
    "Telegram: https://t.me/<TELEGRAM_BOT_USERNAME>?start=<payload>; WhatsApp: https://wa.me/<WHATSAPP_DISPLAY_NUMBER>?text=<keyword>.",
  ].join("\n"),

  parse(args: readonly string[]) {
    const { positional, flags } = parseArgs(args, spec);
    if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
    const target = typeof flags.target === "string" ? parseDeepLinkTarget(flags.target) : undefined;
    if (!target)
      throw new UsageError(
        "--target must be promo, daftar or lapak:<sellerId> (e.g. lapak:whatsapp:6281234567890)",
      );
    if (typeof flags.out !== "string" || !flags.out.toLowerCase().endsWith(".png"))
      throw new UsageError("--out <file.png> is required");
    const channel = flags.channel;
    if (channel !== undefined && !channels.includes(channel as (typeof channels)[number]))
      throw new UsageError("--channel must be telegram or whatsapp");
    return { target, out: flags.out, channel: channel as (typeof channels)[number] | undefined };
  },

  async run(args: readonly string[], io: AdminIo, env: Record<string, string | undefined>): Promise<number> {
    const { target, out, channel } = this.parse(args);
    let config: Config;
    try {
      config = parseConfig(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.err(`${error.message}\n`);
      return 1;
    }
    const links = {
      telegram: telegramDeepLink(config.telegram.botUsername, target),
      whatsapp: config.whatsapp.displayNumber
        ? whatsappDeepLink(config.whatsapp.displayNumber, target)
        : undefined,
    };
    io.out(`telegram: ${links.telegram}\n`);
    io.out(`whatsapp: ${links.whatsapp ?? "(set WHATSAPP_DISPLAY_NUMBER for a wa.me link)"}\n`);
    const wanted = channel ? [channel] : channels;
    if (wanted.includes("whatsapp") && !links.whatsapp) {
      io.err("WHATSAPP_DISPLAY_NUMBER is not set: no WhatsApp QR code (or use --channel telegram)\n");
      return 1;
    }
    for (const which of wanted) {
      const file = channel ? out : out.replace(/\.png$/i, `-${which}.png`);
      const png = await QRCode.toBuffer(links[which]!, {
        type: "png",
        errorCorrectionLevel: "M",
        margin: 2,
        width: 600,
      });
      await writeFile(file, png);
      io.out(`wrote ${file}\n`);
    }
    return 0;
  },
};
