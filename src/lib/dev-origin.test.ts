import { describe, expect, it } from "vitest";

import { loopbackAliasRedirect } from "./dev-origin";

describe("loopbackAliasRedirect", () => {
  const app = "http://localhost:3000";

  it("sends 127.0.0.1 and [::1] on the app's port to APP_URL", () => {
    expect(loopbackAliasRedirect("127.0.0.1:3000", app)).toBe("http://localhost:3000");
    expect(loopbackAliasRedirect("[::1]:3000", app)).toBe("http://localhost:3000");
    expect(loopbackAliasRedirect("localhost:3400", "http://127.0.0.1:3400")).toBe("http://127.0.0.1:3400");
  });

  it("leaves the app's own address, other ports, other hosts and bad headers alone", () => {
    expect(loopbackAliasRedirect("localhost:3000", app)).toBeNull();
    expect(loopbackAliasRedirect("127.0.0.1:3001", app)).toBeNull();
    expect(loopbackAliasRedirect("192.168.1.20:3000", app)).toBeNull();
    expect(loopbackAliasRedirect("127.0.0.1:3000", "https://app.example.com")).toBeNull();
    expect(loopbackAliasRedirect(null, app)).toBeNull();
    expect(loopbackAliasRedirect("bad host/..", app)).toBeNull();
  });
});
