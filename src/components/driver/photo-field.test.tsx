// @vitest-environment happy-dom
// The delivery form's photo: choosing one shows its thumbnail (an object URL, revoked when replaced or gone) with
// its name and a Retake, in place of the browser's bare "Choose File / No file chosen"; the camera stays the source.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { PhotoField } from "./photo-field";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Form() {
  const [photo, setPhoto] = useState<File | null>(null);
  return <PhotoField id="photo" label="Photo of the delivered cargo" photo={photo} onChange={setPhoto} />;
}

const jpeg = (name: string) => new File([new Uint8Array([0xff, 0xd8, 0xff])], name, { type: "image/jpeg" });

describe("the delivery photo field", () => {
  it("shows the chosen photo's thumbnail and name with a Retake, and revokes replaced previews", () => {
    let n = 0;
    const create = vi.spyOn(URL, "createObjectURL").mockImplementation(() => `blob:photo-${++n}`);
    const revoke = vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    const { unmount } = render(<Form />);

    const input = screen.getByLabelText<HTMLInputElement>("Photo of the delivered cargo");
    expect(input.getAttribute("capture")).toBe("environment");
    expect(input.accept).toBe("image/*");
    expect(screen.getByRole("button", { name: "Take a photo" })).toBeTruthy();
    expect(screen.queryByRole("img")).toBeNull();

    act(() => void fireEvent.change(input, { target: { files: [jpeg("pallet.jpg")] } }));
    const thumb = screen.getByRole("img", { name: "Chosen photo: pallet.jpg" });
    expect(thumb.getAttribute("src")).toBe("blob:photo-1");
    expect(screen.getByText("pallet.jpg")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Retake the photo" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Take a photo" })).toBeNull();

    act(() => void fireEvent.change(input, { target: { files: [jpeg("pallet-2.jpg")] } }));
    expect(screen.getByRole("img", { name: "Chosen photo: pallet-2.jpg" }).getAttribute("src")).toBe("blob:photo-2");
    expect(revoke).toHaveBeenCalledWith("blob:photo-1");

    unmount();
    expect(revoke).toHaveBeenCalledWith("blob:photo-2");
    expect(create).toHaveBeenCalledTimes(2);
  });

  it("Retake opens the camera again, and cancelling it keeps the photo", () => {
    vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:photo");
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    render(<Form />);
    const input = screen.getByLabelText<HTMLInputElement>("Photo of the delivered cargo");
    act(() => void fireEvent.change(input, { target: { files: [jpeg("crate.jpg")] } }));

    const click = vi.spyOn(input, "click").mockImplementation(() => undefined);
    act(() => screen.getByRole("button", { name: "Retake the photo" }).click());
    expect(click).toHaveBeenCalledTimes(1);

    act(() => void fireEvent.change(input, { target: { files: [] } }));
    expect(screen.getByRole("img", { name: "Chosen photo: crate.jpg" })).toBeTruthy();
  });
});
