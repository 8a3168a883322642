// Telegram photos on WhatsApp: a Telegram file_id means nothing to Meta, so the file is read from Telegram once,
// uploaded to /{phone-number-id}/media, and the media id is kept (Meta keeps uploads 30 days; we reuse 25).
import type { Channel } from "../../core/events.js";
import type { Clock, PhotoBridge } from "../../core/ports.js";
import type { Logger } from "../../log/logger.js";
import type { MediaCache } from "../../store/media-cache.js";

export const bridgedMediaReuseMs = 25 * 24 * 60 * 60 * 1000;
/** After a failure, this process does not try the same photo again for a while (a digest has many recipients). */
const failureBackoffMs = 5 * 60 * 1000;

export interface PhotoBridgeOptions {
  /** Reads a photo from the channel it came from; absent = photos of that channel stay there. */
  readonly read: Partial<Record<Channel, (ref: string) => Promise<{ bytes: Uint8Array; mimeType: string }>>>;
  /** Uploads to WhatsApp, answering the media id. */
  readonly upload: (file: { bytes: Uint8Array; mimeType: string }) => Promise<string>;
  readonly cache: MediaCache;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A monotonic millisecond timer (the failure backoff). */
  readonly elapsedMs: () => number;
}

export function createWhatsAppPhotoBridge(options: PhotoBridgeOptions): PhotoBridge {
  const logger = options.logger.child({ component: "photo-bridge" });
  // One upload per photo and process, however many recipients compose at once.
  const inFlight = new Map<string, Promise<string | undefined>>();
  const failedAt = new Map<string, number>();

  const bridge = async (ref: string, from: Channel): Promise<string | undefined> => {
    const source = `${from}:${ref}`;
    const cached = await options.cache
      .get(source, "whatsapp", options.clock.now())
      .catch((error: unknown) => {
        logger.warn("photo_bridge.cache_read_failed", { error });
        return undefined;
      });
    if (cached) return cached;
    const read = options.read[from];
    if (!read) return undefined;
    try {
      const mediaId = await options.upload(await read(ref));
      await options.cache
        .put(source, "whatsapp", mediaId, new Date(options.clock.now().getTime() + bridgedMediaReuseMs))
        .catch((error: unknown) => logger.warn("photo_bridge.cache_write_failed", { error }));
      logger.info("photo_bridge.uploaded", { from });
      return mediaId;
    } catch (error) {
      // The message goes out without this photo: better than no digest.
      logger.warn("photo_bridge.failed", { from, error });
      failedAt.set(source, options.elapsedMs());
      return undefined;
    }
  };

  return {
    async reach(photo, to) {
      if (photo.channel === to || /^https:\/\//.test(photo.ref)) return photo.ref;
      if (to !== "whatsapp") return undefined;
      const source = `${photo.channel}:${photo.ref}`;
      const failed = failedAt.get(source);
      if (failed !== undefined && options.elapsedMs() - failed < failureBackoffMs) return undefined;
      let pending = inFlight.get(source);
      if (!pending) {
        pending = bridge(photo.ref, photo.channel).finally(() => inFlight.delete(source));
        inFlight.set(source, pending);
      }
      return pending;
    },
  };
}
