// Calls every tRPC procedure as anonymous, shipper, driver and admin and checks allow/deny against the
// permission table. A procedure missing from the table (or a table entry without a procedure) fails here.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";

import { callerWith, signedIn } from "../../../scripts/test/helpers";
import type { Role } from "~/generated/prisma/enums";
import { appRouter } from "~/server/api/root";
import { isAllowed, permissions } from "~/server/auth/rbac";

const procedurePaths = Object.keys(appRouter._def.procedures).sort();

type TCaller = ReturnType<typeof callerWith>;
const callers: Record<"anonymous" | Role, TCaller> = {} as never;

beforeAll(async () => {
  callers.anonymous = callerWith(null);
  for (const role of ["SHIPPER", "DRIVER", "ADMIN"] as const) callers[role] = (await signedIn({ role })).caller;
});

async function call(caller: TCaller, path: string): Promise<unknown> {
  let fn: unknown = caller;
  for (const part of path.split(".")) fn = (fn as Record<string, unknown>)[part];
  return (fn as (input?: unknown) => Promise<unknown>)(undefined);
}

function isDenial(error: unknown): boolean {
  return (
    error instanceof TRPCError &&
    ((error.code === "UNAUTHORIZED" && error.message === "Please sign in.") ||
      (error.code === "FORBIDDEN" && error.message === "You do not have access to this."))
  );
}

describe("authorisation matrix", () => {
  it("every procedure is in the permission table and every entry is a procedure", () => {
    expect(procedurePaths.filter((p) => !(p in permissions))).toEqual([]);
    expect(Object.keys(permissions).filter((p) => !procedurePaths.includes(p))).toEqual([]);
  });

  for (const path of procedurePaths) {
    for (const who of ["anonymous", "SHIPPER", "DRIVER", "ADMIN"] as const) {
      const permission = permissions[path];
      const allowed = permission ? isAllowed(permission, who === "anonymous" ? null : who) : false;
      it(`${path} as ${who}: ${allowed ? "allowed" : "denied"}`, async () => {
        const outcome = await call(callers[who], path).then(
          () => "ok",
          (error: unknown) => error,
        );
        if (allowed) {
          // Allowed callers may still fail on input validation (we pass none) but never on authorisation.
          expect(isDenial(outcome)).toBe(false);
        } else {
          expect(isDenial(outcome)).toBe(true);
          expect((outcome as TRPCError).code).toBe(who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
        }
      });
    }
  }
});
