"use client";

// The driver marker glides from where it is drawn to each new fix over about a second (requestAnimationFrame),
// instead of jumping; with prefers-reduced-motion it jumps.
import { useEffect, useRef, useState } from "react";

import { easeInOut, interpolateFix, type TFix } from "./geometry";

/** How long the marker takes to reach a new fix, in milliseconds. */
export const GLIDE_MS = 1000;

function prefersReducedMotion(): boolean {
  return typeof window !== "undefined" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * The fix to draw this frame while moving towards `target` (null: no fix yet). The first fix, a fix after none,
 * and every fix under reduced motion are shown at once.
 */
export function useAnimatedFix(target: TFix | null): TFix | null {
  const [shown, setShown] = useState<TFix | null>(target);
  const shownRef = useRef<TFix | null>(target);

  useEffect(() => {
    const from = shownRef.current;
    const show = (f: TFix | null) => {
      shownRef.current = f;
      setShown(f);
    };
    if (!target || !from || prefersReducedMotion()) {
      show(target);
      return;
    }
    if (from.lat === target.lat && from.lng === target.lng && from.headingDeg === target.headingDeg) {
      show(target);
      return;
    }
    let frame = 0;
    const start = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / GLIDE_MS);
      show(t >= 1 ? target : interpolateFix(from, target, easeInOut(t)));
      if (t < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [target]);

  return shown;
}
