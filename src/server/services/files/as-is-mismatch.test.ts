// A PDF or video is stored as it came, under its name and announced type: both must agree with its contents.
import { describe, expect, it } from "vitest";

import { asIsMismatch } from "./as-is-type";

describe("asIsMismatch", () => {
  it("refuses a PDF named as a web page or an SVG, whatever type it was announced as", () => {
    expect(asIsMismatch({ name: "invoice.html", type: "application/pdf" }, "application/pdf")).toContain(
      "name it .pdf",
    );
    expect(asIsMismatch({ name: "poly.svg", type: "image/svg+xml" }, "application/pdf")).toContain("name it .pdf");
    expect(asIsMismatch({ name: "no-extension" }, "application/pdf")).toContain("name it .pdf");
  });

  it("refuses a correctly named PDF announced as another type, which storage would serve under that type", () => {
    expect(asIsMismatch({ name: "bol.pdf", type: "image/svg+xml" }, "application/pdf")).toContain(
      "sent as image/svg+xml",
    );
  });

  it("accepts a file whose name and announced type agree with its contents, in any case", () => {
    expect(asIsMismatch({ name: "BOL.PDF", type: "application/pdf" }, "application/pdf")).toBeNull();
    expect(asIsMismatch({ name: "bol.pdf" }, "application/pdf")).toBeNull();
    expect(asIsMismatch({ name: "bol.pdf", type: "application/octet-stream" }, "application/pdf")).toBeNull();
    expect(asIsMismatch({ name: "clip.mov", type: "video/quicktime" }, "video/quicktime")).toBeNull();
    expect(asIsMismatch({ name: "clip.webm", type: "video/webm;codecs=vp9" }, "video/webm")).toBeNull();
  });

  it("leaves images alone: they are re-encoded and stored under their new type", () => {
    expect(asIsMismatch({ name: "photo.png", type: "image/png" }, "image/jpeg")).toBeNull();
  });
});
