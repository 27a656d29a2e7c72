import { describe, expect, it } from "vitest";

import { escapeLike } from "./search";

describe("escapeLike", () => {
  it("escapes the LIKE wildcards and the backslash, and leaves other text alone", () => {
    expect(escapeLike("_")).toBe("\\_");
    expect(escapeLike("%")).toBe("\\%");
    expect(escapeLike("\\")).toBe("\\\\");
    expect(escapeLike("50%_off\\x")).toBe("50\\%\\_off\\\\x");
    expect(escapeLike("New York [NY] *")).toBe("New York [NY] *");
  });
});
