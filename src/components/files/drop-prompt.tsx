// A drop zone's call to action, worded for the device by CSS alone: "Drag files here…" where there is a precise
// pointer (a mouse, a trackpad), "Choose…" on a touch screen (`@media (pointer: coarse)`), which cannot drag a file
// from anywhere. Both spans are always rendered, so the server's HTML and the first client render are the same (no
// hydration mismatch, no flash of the wrong words); the browser shows the one its pointer calls for.

/** `drag`: the desktop wording; `touch`: the phone's (e.g. "Choose a file", or "Take a photo" for a camera input). */
export function DropPrompt({ drag, touch }: { drag: string; touch: string }) {
  return (
    <>
      <span className="pointer-coarse:hidden" data-pointer="fine">
        {drag}
      </span>
      <span className="hidden pointer-coarse:inline" data-pointer="coarse">
        {touch}
      </span>
    </>
  );
}
