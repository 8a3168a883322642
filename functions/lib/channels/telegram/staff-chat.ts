// The staff group's Telegram chat id. Configuration names the group it started as; when the group is upgraded
// to a supergroup it gets a new id, which is stored (ChatMoves) so tickets keep reaching it after a restart.
// The core keeps knowing the group by its configured id; only this adapter translates.
import type { ChatMoves, Clock } from "../../core/ports.js";
import type { Logger } from "../../log/logger.js";

export interface StaffChatAddress {
  /** The id the core and configuration use for the group. */
  readonly configuredId: string;
  /** The id to send to now. */
  current(): Promise<string>;
  /** Chat ids whose updates come from the staff group (the configured one and where it moved). */
  ids(): Promise<readonly string[]>;
  /** Telegram reported that chat `from` moved to `to`; remembered when `from` is the staff group. */
  moved(from: string, to: string): Promise<void>;
}

export interface StaffChatAddressOptions {
  readonly configuredId: string;
  readonly moves: ChatMoves;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Other processes may record the move: re-read it after this long (one GetItem per interval). */
  readonly cacheMs?: number;
}

export function createStaffChatAddress(options: StaffChatAddressOptions): StaffChatAddress {
  const { configuredId, moves, clock } = options;
  const cacheMs = options.cacheMs ?? 60_000;
  let cached: { id: string; until: number } | undefined;

  const current = async () => {
    const now = clock.now().getTime();
    if (cached && cached.until > now) return cached.id;
    const id = (await moves.currentId("telegram", configuredId)) ?? configuredId;
    cached = { id, until: now + cacheMs };
    return id;
  };

  return {
    configuredId,
    current,
    async ids() {
      const id = await current();
      return id === configuredId ? [configuredId] : [configuredId, id];
    },
    async moved(from, to) {
      const known = await this.ids();
      if (!known.includes(from) || known.includes(to)) return;
      // Recorded from the configured id, so every later lookup is one hop.
      await moves.record("telegram", configuredId, to, clock.now());
      cached = { id: to, until: clock.now().getTime() + cacheMs };
      options.logger.warn("telegram.staff_chat_moved", { from, to });
    },
  };
}
