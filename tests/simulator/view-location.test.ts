// The simulator shows the map pin the bot sends with a seller's stall (Telegram sendVenue, WhatsApp location).
import { describe, expect, it } from "vitest";
import { telegramCallView, whatsappPayloadView } from "../../scripts/simulator/view.js";

const noPhoto = () => undefined;

describe("simulator view of the bot's map pin", () => {
  it("shows Telegram sendVenue and a WhatsApp location message as a location with its name and address", () => {
    const place = { latitude: -5.4235, longitude: 105.2722 };
    expect(
      telegramCallView(
        "sendVenue",
        { chat_id: "1", ...place, title: "Taman UMKM Bung Karno", address: "Lapak B12" },
        noPhoto,
      ),
    ).toEqual({ location: { ...place, name: "Taman UMKM Bung Karno · Lapak B12" } });
    expect(
      whatsappPayloadView(
        { type: "location", location: { ...place, name: "Taman UMKM Bung Karno", address: "Lapak B12" } },
        noPhoto,
      ),
    ).toEqual({ location: { ...place, name: "Taman UMKM Bung Karno · Lapak B12" } });
    expect(whatsappPayloadView({ type: "location", location: {} }, noPhoto)).toEqual({ note: "location" });
  });
});
