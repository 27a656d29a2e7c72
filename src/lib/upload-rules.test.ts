import { describe, expect, it } from "vitest";

import { formatBytes } from "./upload-rules";

describe("formatBytes", () => {
  it("says bytes under a kilobyte, then KB and MB (1,024-based, as the limits)", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(29)).toBe("29 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(512 * 1024)).toBe("512 KB");
    expect(formatBytes(8 * 1024 * 1024)).toBe("8 MB");
    expect(formatBytes(16.5 * 1024 * 1024)).toBe("16.5 MB");
  });
});
