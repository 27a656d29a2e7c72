// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import OfflinePinMap from "./offline-pin-map";
import { nudge } from "./pin";

afterEach(cleanup);

describe("the offline stop pin", () => {
  const dock = { lat: 41.85003, lng: -87.65005 };

  function setup() {
    const onMove = vi.fn();
    render(
      <>
        <OfflinePinMap kind="pickup" point={dock} label="Pick-up" describedBy="help" onMove={onMove} />
        <p id="help">Arrow keys move it.</p>
      </>,
    );
    return { onMove, pin: screen.getByRole("button", { name: "Pick-up pin at 41.85003, -87.65005" }) };
  }

  it("is a focusable, named control described by the help text", () => {
    const { pin } = setup();
    expect(pin.getAttribute("tabindex")).toBe("0");
    expect(pin.getAttribute("aria-describedby")).toBe("help");
    expect(
      screen.getByRole("group", { name: /Map round the pick-up \(simplified, offline: no streets\)/ }),
    ).toBeTruthy();
  });

  it("moves 10 m per arrow key and 100 m with Shift, and ignores other keys", () => {
    const { pin, onMove } = setup();
    fireEvent.keyDown(pin, { key: "ArrowUp" });
    expect(onMove).toHaveBeenLastCalledWith(nudge(dock, 0, 10));
    fireEvent.keyDown(pin, { key: "ArrowLeft", shiftKey: true });
    expect(onMove).toHaveBeenLastCalledWith(nudge(dock, -100, 0));
    fireEvent.keyDown(pin, { key: "a" });
    expect(onMove).toHaveBeenCalledTimes(2);
  });
});
