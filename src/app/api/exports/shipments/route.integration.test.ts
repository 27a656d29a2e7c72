// The shipments CSV opens in Excel on Windows with its accents intact: the download starts with the UTF-8 byte order
// mark, and "Café" is there as UTF-8 after it.
import { describe, expect, it } from "vitest";

import { sessionFor } from "../../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../../prisma/factories";
import { env } from "~/env";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import { GET } from "./route";

describe("GET /api/exports/shipments", () => {
  it("starts with the UTF-8 byte order mark, the text after it UTF-8", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const { shipment } = await createShipment(db, { shipperId: shipper.id, status: "POSTED" });
    await db.shipment.update({ where: { id: shipment.id }, data: { cargoDescription: "Café tables" } });
    const session = await sessionFor(shipper.id);
    const token = await encodeJwt({ token: { sub: shipper.id, sid: session.id }, secret: env.AUTH_SECRET });
    const res = await GET(
      new Request(`${env.APP_URL}/api/exports/shipments`, { headers: { cookie: `${SESSION_COOKIE_NAME}=${token}` } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split("\r\n")[0]).toMatch(/^id,/);
    expect(text).toContain("Café tables");
  });
});
