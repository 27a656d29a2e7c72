// The e2e runner's guard: only a PostgreSQL on this machine is accepted.
import { describe, expect, it } from "vitest";

import { assertLocalDatabase, NonLocalDatabaseError } from "./e2e-database";

describe("assertLocalDatabase", () => {
  it.each([
    "postgresql://postgres@127.0.0.1:5432/tt_e2e",
    "postgresql://app:secret@localhost/app",
    "postgres://postgres@[::1]:5432/app",
    "postgresql:///app",
    "postgresql:///app?host=/var/run/postgresql",
    "postgresql://localhost/app?host=/tmp",
  ])("accepts %s", (url) => {
    expect(() => assertLocalDatabase(url)).not.toThrow();
  });

  it.each([
    ["postgresql://app:secret@db.example.com:5432/app", "db.example.com"],
    ["postgresql://app@10.0.0.5/app", "10.0.0.5"],
    ["postgresql://app@127.0.0.1.example.com/app", "127.0.0.1.example.com"],
    ["postgresql://app@localhost/app?host=db.internal", "db.internal"],
  ])("refuses %s and names the host, never the password", (url, host) => {
    let error: unknown;
    try {
      assertLocalDatabase(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonLocalDatabaseError);
    expect((error as Error).message).toContain(`against ${host}`);
    expect((error as Error).message).not.toContain("secret");
  });

  it("refuses what is not a PostgreSQL URL", () => {
    expect(() => assertLocalDatabase("mysql://root@127.0.0.1/app")).toThrow(NonLocalDatabaseError);
    expect(() => assertLocalDatabase("not a url")).toThrow(NonLocalDatabaseError);
  });
});
