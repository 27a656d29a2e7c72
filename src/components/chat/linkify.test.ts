import { describe, expect, it } from "vitest";

import { linkify, safeHref } from "./linkify";

describe("linkify", () => {
  it("links absolute http(s) URLs and leaves the surrounding text and sentence punctuation as text", () => {
    expect(linkify("Dock map: https://example.com/dock?door=4. Call me")).toEqual([
      { kind: "text", text: "Dock map: " },
      { kind: "link", text: "https://example.com/dock?door=4", href: "https://example.com/dock?door=4" },
      { kind: "text", text: ". Call me" },
    ]);
    expect(linkify("(HTTP://Example.com)")).toEqual([
      { kind: "text", text: "(" },
      { kind: "link", text: "HTTP://Example.com", href: "http://example.com/" },
      { kind: "text", text: ")" },
    ]);
  });

  it("keeps everything else as text: other schemes, markup, broken URLs", () => {
    for (const text of [
      "javascript:alert(1)",
      "<script>alert(1)</script>",
      "data:text/html,<b>x</b>",
      "see http:// nothing",
      "www.example.com",
      "mailto:a@b.c",
    ]) {
      expect(linkify(text).every((s) => s.kind === "text")).toBe(true);
      expect(
        linkify(text)
          .map((s) => s.text)
          .join(""),
      ).toBe(text);
    }
  });

  it("gives the text back unchanged when the segments are joined, line breaks included", () => {
    const text = "one\nhttps://a.example/x  two\n\nhttp://b.example";
    expect(
      linkify(text)
        .map((s) => s.text)
        .join(""),
    ).toBe(text);
    expect(linkify(text).filter((s) => s.kind === "link")).toHaveLength(2);
  });

  it("accepts only http and https in safeHref", () => {
    expect(safeHref("https://example.com")).toBe("https://example.com/");
    expect(safeHref("javascript://example.com/%0aalert(1)")).toBeNull();
    expect(safeHref("ftp://example.com")).toBeNull();
    expect(safeHref("not a url")).toBeNull();
  });

  it("leaves a URL with a user name or password as text: http://bank.com@evil.test goes to evil.test", () => {
    expect(safeHref("http://bank.com@evil.test/login")).toBeNull();
    expect(safeHref("https://user:secret@example.com")).toBeNull();
    expect(safeHref("https://example.com/@handle")).toBe("https://example.com/@handle");
  });
});
