// Staff can run the weekend digest from the chat too (`/ringkasan`), as from the simulator panel or CLI.
import type { Feature } from "../feature.js";
import type { TurnContext } from "../turn.js";
import type { DigestRunResult } from "./digest.js";
import { weekendLabel } from "./weekend.js";

export interface DigestFeatureDeps {
  readonly run: (now: Date) => Promise<DigestRunResult>;
}

export function createDigestFeature(deps: DigestFeatureDeps): Feature {
  const run = async (ctx: TurnContext) => {
    // Checked on the stored role: keyword and command alike.
    if (ctx.contact.role !== "staff") {
      return ctx.ask(ctx.t("registration:review.staffOnly"), [{ id: "menu", label: ctx.t("menu.back") }]);
    }
    const result = await deps.run(ctx.now);
    ctx.say(
      ctx.t(`promo:digest.run.${result.status}`, {
        weekend: weekendLabel(result.weekend, ctx.language),
        job: result.jobId ?? "-",
        promos: result.promos,
      }),
    );
  };
  return {
    name: "digest",
    commands: { ringkasan: run },
    keywords: {
      "kirim ringkasan": "ringkasan",
      "jalankan ringkasan": "ringkasan",
      "ringkasan promo": "ringkasan",
    },
  };
}
