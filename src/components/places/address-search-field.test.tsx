// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { AddressSearchField, type TPlaceSearchResult, type TResolvedPlaceResult } from "./address-search-field";

afterEach(cleanup);

const suggestion = (placeId: string, mainText: string, secondaryText: string) => ({
  placeId,
  mainText,
  secondaryText,
  label: `${mainText}, ${secondaryText}`,
  source: "gazetteer" as const,
});

const found: TPlaceSearchResult = {
  source: "gazetteer",
  notice: null,
  suggestions: [
    suggestion("gz:city:4887398", "Chicago", "IL, USA"),
    suggestion("gz:city:4887442", "Chicago Heights", "IL, USA"),
  ],
};

const heights: TResolvedPlaceResult = {
  placeId: "gz:city:4887442",
  source: "gazetteer",
  formattedAddress: "Chicago Heights, IL, USA",
  line1: "Chicago Heights",
  city: "Chicago Heights",
  region: "IL",
  postalCode: null,
  country: "US",
  lat: 41.50615,
  lng: -87.6356,
  timeZone: "America/Chicago",
};

function setup(
  opts: { search?: (q: string) => Promise<TPlaceSearchResult>; resolve?: () => Promise<TResolvedPlaceResult> } = {},
) {
  const search = vi.fn(opts.search ?? (() => Promise.resolve(found)));
  const resolve = vi.fn(opts.resolve ?? (() => Promise.resolve(heights)));
  const onSelect = vi.fn();
  render(
    <AddressSearchField label="Pick-up address" search={search} resolve={resolve} onSelect={onSelect} debounceMs={0} />,
  );
  const input = screen.getByRole("combobox", { name: "Pick-up address" });
  return { search, resolve, onSelect, input };
}

const type = (input: HTMLElement, text: string) => {
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value: text } });
};
const key = (input: HTMLElement, k: string) => fireEvent.keyDown(input, { key: k });

describe("AddressSearchField", () => {
  it("suggests as you type, moves with the arrow keys and chooses with Enter", async () => {
    const { search, resolve, onSelect, input } = setup();
    type(input, "C");
    expect(search).not.toHaveBeenCalled();
    type(input, "Chic");
    const options = await screen.findAllByRole("option");
    expect(search).toHaveBeenCalledWith("Chic");
    expect(options.map((o) => o.textContent)).toEqual(["Chicago, IL, USA", "Chicago Heights, IL, USA"]);
    expect(input.getAttribute("aria-expanded")).toBe("true");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    expect(screen.getByRole("status").textContent).toBe("2 places found. Use the arrow keys to choose.");

    // The first ArrowDown keeps the top result (already highlighted); the next ones move, wrapping around.
    key(input, "ArrowDown");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    key(input, "ArrowDown");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[1]!.id);
    expect(options[1]!.getAttribute("aria-selected")).toBe("true");
    key(input, "ArrowDown");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    key(input, "ArrowUp");
    key(input, "Enter");

    await waitFor(() => expect(onSelect).toHaveBeenCalledWith(heights));
    expect(resolve).toHaveBeenCalledWith("gz:city:4887442");
    expect((input as HTMLInputElement).value).toBe("Chicago Heights, IL, USA");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("takes the top result on ArrowDown then Enter, the habit of people used to other address boxes", async () => {
    const { resolve, onSelect, input } = setup();
    type(input, "Chic");
    await screen.findAllByRole("option");
    key(input, "ArrowDown");
    key(input, "Enter");
    await waitFor(() => expect(onSelect).toHaveBeenCalledTimes(1));
    // Chicago's id, the top suggestion (the mock resolves every id to the same place).
    expect(resolve).toHaveBeenCalledWith("gz:city:4887398");
  });

  it("says so when nothing matches, and shows why the offline list answered", async () => {
    const { input } = setup({ search: () => Promise.resolve({ source: "gazetteer", notice: null, suggestions: [] }) });
    type(input, "Qwzx");
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "No places match “Qwzx”. Try a city, “City, ST” or a ZIP code.",
      ),
    );
    cleanup();
    const notice =
      "Address search is using the offline list of cities and US ZIP codes: the server's Google key was refused.";
    const again = setup({ search: () => Promise.resolve({ ...found, notice }) });
    type(again.input, "Chic");
    expect(await screen.findByText(notice)).toBeTruthy();
  });

  it("shows a failed search and a failed choice as errors on the field", async () => {
    const { input } = setup({
      search: () => Promise.reject(new Error("Too many address searches. Try again in 30 seconds.")),
    });
    type(input, "Chic");
    expect((await screen.findByRole("alert")).textContent).toBe("Too many address searches. Try again in 30 seconds.");
    cleanup();

    const failing = setup({
      resolve: () => Promise.reject(new Error("Google does not know that place. Search again.")),
    });
    type(failing.input, "Chic");
    await screen.findAllByRole("option");
    key(failing.input, "Enter");
    expect((await screen.findByRole("alert")).textContent).toBe("Google does not know that place. Search again.");
    expect(failing.input.getAttribute("aria-invalid")).toBe("true");
    expect(failing.onSelect).not.toHaveBeenCalled();
  });

  it("closes the list on Escape and clears the text on a second Escape", async () => {
    const { input } = setup();
    type(input, "Chic");
    await screen.findAllByRole("option");
    key(input, "Escape");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect((input as HTMLInputElement).value).toBe("Chic");
    key(input, "Escape");
    expect((input as HTMLInputElement).value).toBe("");
  });

  it("ignores an answer that arrives after newer typing", async () => {
    let answerFirst: (r: TPlaceSearchResult) => void = () => undefined;
    const search = (q: string) =>
      q === "Chic"
        ? new Promise<TPlaceSearchResult>((r) => {
            answerFirst = r;
          })
        : Promise.resolve({ ...found, suggestions: [suggestion("gz:city:1", "Chico", "CA, USA")] });
    const { input } = setup({ search });
    type(input, "Chic");
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Searching…"));
    type(input, "Chico");
    await screen.findByText("Chico");
    await act(async () => answerFirst(found));
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Chico, CA, USA"]);
  });
});
