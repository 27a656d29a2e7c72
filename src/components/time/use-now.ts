"use client";

import { useEffect, useState } from "react";

/** The current time (epoch ms), updated every `everyMs` so that "2 minutes ago" or "in 40 s" stays true. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
