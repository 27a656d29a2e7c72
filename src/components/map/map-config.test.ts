import { describe, expect, it } from "vitest";

import { chooseMapConfig } from "./map-config";

describe("chooseMapConfig", () => {
  it("draws the offline map when nothing is configured, or only blanks", () => {
    expect(chooseMapConfig({})).toEqual({ provider: "offline" });
    expect(chooseMapConfig({ googleMapsBrowserKey: "  ", mapStyleUrl: "" })).toEqual({ provider: "offline" });
  });

  it("uses MapLibre with the configured style when there is no Google key", () => {
    expect(
      chooseMapConfig({ mapStyleUrl: "https://tiles.example.com/style.json", mapExtraOrigins: ["https://a.example"] }),
    ).toEqual({
      provider: "maplibre",
      styleUrl: "https://tiles.example.com/style.json",
      extraOrigins: ["https://a.example"],
    });
  });

  it("uses Google Maps when a browser key is set, also when a style URL is set too", () => {
    expect(chooseMapConfig({ googleMapsBrowserKey: "AIza-key", mapStyleUrl: "https://t.example/s.json" })).toEqual({
      provider: "google",
      apiKey: "AIza-key",
      mapId: null,
    });
    expect(chooseMapConfig({ googleMapsBrowserKey: "AIza-key", googleMapsMapId: "abc" })).toMatchObject({
      mapId: "abc",
    });
  });
});
