// The simulator's memory: who is who, every chat's transcript, uploaded photos, and the live event stream.
import type { ServerResponse } from "node:http";
import type { Channel } from "../../functions/lib/core/events.js";
import { fixedPersonas, newBuyer, type Persona } from "./personas.js";
import type { MessageView } from "./view.js";

export interface Entry {
  readonly seq: number;
  readonly persona: string;
  readonly channel: Channel;
  readonly from: "user" | "bot";
  readonly at: number;
  readonly view: MessageView;
  /** The real wire payload (update, notification or API call): shown on request in the page. */
  readonly wire: { readonly what: string; readonly payload: unknown };
  /** Telegram message_id / WhatsApp wamid of a bot message (buttons refer to it). */
  readonly platformId?: string;
}

export interface Media {
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface Snapshot {
  readonly personas: Record<Channel, Record<"buyer" | "seller" | "staff", Persona>>;
  readonly entries: readonly Entry[];
}

export interface Hub {
  readonly personas: Snapshot["personas"];
  persona(key: string): Persona | undefined;
  /** A fresh buyer on that channel becomes "the buyer" of the page. */
  renewBuyer(channel: Channel): Persona;
  record(entry: Omit<Entry, "seq" | "at">): Entry;
  entries(): readonly Entry[];
  /** Finds who a bot message is for (chat_id / wa_id); unknown people get a persona of their own. */
  personaFor(channel: Channel, userId: string): Persona;
  addMedia(id: string, media: Media): void;
  media(id: string): Media | undefined;
  /** Tells open pages something else changed (the staff panel re-reads its counters). */
  changed(what: string): void;
  subscribe(response: ServerResponse): void;
  close(): void;
}

const maxEntries = 5000;

export function createHub(): Hub {
  const personas: Snapshot["personas"] = {
    telegram: { buyer: newBuyer("telegram"), ...fixedPersonas.telegram },
    whatsapp: { buyer: newBuyer("whatsapp"), ...fixedPersonas.whatsapp },
  };
  const known = new Map<string, Persona>();
  for (const channel of ["telegram", "whatsapp"] as const)
    for (const p of Object.values(personas[channel])) known.set(p.key, p);
  const entries: Entry[] = [];
  const media = new Map<string, Media>();
  const clients = new Set<ServerResponse>();
  let seq = 0;

  const send = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of clients) client.write(frame);
  };
  const snapshot = (): Snapshot => ({ personas, entries });
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(": ping\n\n");
  }, 15_000);
  heartbeat.unref();

  return {
    personas,
    persona: (key) => known.get(key),
    renewBuyer(channel) {
      const buyer = newBuyer(channel);
      personas[channel].buyer = buyer;
      known.set(buyer.key, buyer);
      send("personas", personas);
      return buyer;
    },
    record(fields) {
      const entry: Entry = { ...fields, seq: ++seq, at: Date.now() };
      entries.push(entry);
      if (entries.length > maxEntries) entries.splice(0, entries.length - maxEntries);
      send("entry", entry);
      return entry;
    },
    entries: () => entries,
    personaFor(channel, userId) {
      const key = `${channel}:${userId}`;
      let persona = known.get(key);
      if (!persona) {
        persona = { key, channel, role: "buyer", userId, name: userId, phone: userId };
        known.set(key, persona);
      }
      return persona;
    },
    addMedia: (id, item) => media.set(id, item),
    media: (id) => media.get(id),
    changed: (what) => send("changed", { what }),
    subscribe(response) {
      response.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      response.write(`retry: 1000\nevent: snapshot\ndata: ${JSON.stringify(snapshot())}\n\n`);
      clients.add(response);
      response.on("close", () => clients.delete(response));
    },
    close() {
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
