// The files and proof-of-delivery wording: the upload hint is a sentence, and the proof lists every part given.
import { describe, expect, it } from "vitest";

import { proofParts } from "./proof-of-delivery";
import { WHO_CAN_OPEN } from "./shipment-files";
import { limitsHint } from "./upload-checks";

describe("the upload hint", () => {
  it("is a sentence with a capital, a plural and a full stop", () => {
    expect(limitsHint("cargoPhoto")).toBe("Photos, up to 8 MB each, 10 at a time.");
    expect(limitsHint("shipmentDocument")).toBe("PDFs or photos, up to 8 MB each, 5 at a time.");
  });
});

describe("who can open a shipment's files", () => {
  it("is worded for the viewer: the driver is the assigned driver", () => {
    expect(WHO_CAN_OPEN.driver).toBe("Only you, the shipper and our staff can open these.");
    expect(WHO_CAN_OPEN.shipper).toBe("Only you, the assigned driver and our staff can open these.");
  });
});

describe("the proof's parts", () => {
  const none = { photoFileId: null, signatureFileId: null, recipientName: null, codeChecked: false };
  it("lists the photo beside the signature, with the recipient's name", () => {
    expect(proofParts({ ...none, photoFileId: "p", signatureFileId: "s", recipientName: "Dana Dock" })).toBe(
      "Photo of the cargo, signature of Dana Dock",
    );
  });
  it("lists the code when it was checked", () => {
    expect(proofParts({ ...none, codeChecked: true })).toBe("Recipient's code");
    expect(proofParts({ ...none, photoFileId: "p", codeChecked: true })).toBe("Photo of the cargo, recipient's code");
  });
});
