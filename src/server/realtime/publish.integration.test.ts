import { afterEach, describe, expect, it } from "vitest";

import { listenTo, type TFeed } from "../../../scripts/test/pusher-listener";
import { publish } from "./publish";

const feeds: TFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.close()));
});

describe("publish", () => {
  it("delivers the event to a subscriber of each channel through the official SDK and the stand-in", async () => {
    const a = await listenTo("private-shipment-pub1");
    const b = await listenTo("private-track-pub1token");
    feeds.push(a, b);
    expect(await publish(["private-shipment-pub1", "private-track-pub1token"], "status", { n: 1 })).toBe(true);
    expect(await a.next("status")).toEqual({ n: 1 });
    expect(await b.next("status")).toEqual({ n: 1 });
  });

  it("resolves false instead of throwing when Pusher refuses the event (over 10 KB)", async () => {
    expect(await publish("private-shipment-pub2", "status", { big: "x".repeat(11_000) })).toBe(false);
  });
});
