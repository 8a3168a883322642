// Reads a photo the bot received on Telegram (by file_id): getFile, then the file download URL.
// The download URL holds the bot token: it is never logged nor put into an error message.
import type { Api } from "grammy/web";
import { type FetchLike, type NodeFetchResponse, nodeFetch } from "../../http/node-fetch.js";

/** Telegram refuses downloads over 20 MB; WhatsApp images may be at most 5 MB. */
export const maxBridgedPhotoBytes = 5 * 1024 * 1024;

export interface TelegramFile {
  readonly bytes: Uint8Array;
  readonly mimeType: "image/jpeg" | "image/png";
}

export class TelegramFileError extends Error {
  override readonly name = "TelegramFileError";
}

export interface TelegramFileReaderOptions {
  readonly api: Api;
  /** e.g. https://api.telegram.org (no trailing slash); the fake in tests. */
  readonly apiRoot: string;
  readonly token: string;
  readonly timeoutMs?: number;
  /** Default nodeFetch (node:http, the body read as bytes). */
  readonly fetch?: FetchLike;
}

export function createTelegramFileReader(options: TelegramFileReaderOptions) {
  const doFetch = options.fetch ?? nodeFetch;
  return {
    async read(fileId: string): Promise<TelegramFile> {
      let path: string | undefined;
      try {
        path = (await options.api.getFile(fileId)).file_path;
      } catch (error) {
        throw new TelegramFileError("getFile failed", { cause: error });
      }
      if (!path) throw new TelegramFileError("getFile gave no file_path (file too big to download)");
      let response: NodeFetchResponse;
      let bytes: Uint8Array;
      try {
        response = await doFetch(`${options.apiRoot}/file/bot${options.token}/${path}`, {
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        // Not the error itself: its message may quote the URL, which holds the token.
        throw new TelegramFileError(`file download failed: ${(error as Error)?.name ?? "error"}`);
      }
      if (!response.ok) throw new TelegramFileError(`file download answered ${response.status}`);
      if (bytes.length === 0 || bytes.length > maxBridgedPhotoBytes)
        throw new TelegramFileError(`file has ${bytes.length} bytes (WhatsApp takes up to 5 MB)`);
      // Telegram re-encodes photos as JPEG; a PNG sent as a file keeps its signature.
      const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
      const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
      if (!png && !jpeg) throw new TelegramFileError("file is not a JPEG or PNG image");
      return { bytes, mimeType: png ? "image/png" : "image/jpeg" };
    },
  };
}
