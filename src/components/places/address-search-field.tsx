"use client";

// The address search box: a WAI-ARIA combobox with a listbox popup (APG "Editable Combobox With List Autocomplete"):
// suggestions as you type, Arrow keys to move, Enter to choose, Escape to close (again to clear), with the loading,
// empty, error and fallback states announced. It takes its `search` and `resolve` functions as props, so the same
// component runs on the places router (address-search.tsx) and in tests.
import { useEffect, useId, useRef, useState } from "react";

import { controlClasses } from "~/components/ui/field";
import { cx } from "~/components/ui/cx";
import { Spinner } from "~/components/ui/spinner";
import type { RouterOutputs } from "~/trpc/react";

export type TPlaceSearchResult = RouterOutputs["places"]["autocomplete"];
export type TResolvedPlaceResult = RouterOutputs["places"]["resolve"];

export type TAddressSearchFieldProps = {
  label: string;
  /** Help under the label. */
  hint?: string;
  /** A field error from the form (e.g. "Choose the pick-up address"). */
  error?: string | null;
  /** Suggestions for the text typed (2+ characters, trimmed). */
  search: (q: string) => Promise<TPlaceSearchResult>;
  /** The chosen suggestion's stop fields. */
  resolve: (placeId: string) => Promise<TResolvedPlaceResult>;
  onSelect: (place: TResolvedPlaceResult) => void;
  /** Wait this long after the last keystroke before searching, in ms (default 250). */
  debounceMs?: number;
  /** The text shown at first (an address already chosen). */
  defaultValue?: string;
};

type TState =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "done"; result: TPlaceSearchResult }
  | { kind: "error"; message: string };

const MIN_CHARS = 2;

function messageOf(e: unknown): string {
  return e instanceof Error && e.message ? e.message : "Address search failed. Try again.";
}

export function AddressSearchField({
  label,
  hint,
  error,
  search,
  resolve,
  onSelect,
  debounceMs = 250,
  defaultValue = "",
}: TAddressSearchFieldProps) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [query, setQuery] = useState(defaultValue);
  const [state, setState] = useState<TState>({ kind: "idle" });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // The first suggestion is highlighted as it arrives (Enter takes it), and the first ArrowDown keeps it: people press
  // ArrowDown, then Enter, to take the top result, and landing on the second one surprised them.
  const movedSinceResults = useRef(false);
  const [choosing, setChoosing] = useState(false);
  const [chooseError, setChooseError] = useState<string | null>(null);
  // The text of the last chosen place: typing it back is not a new search.
  const chosen = useRef(defaultValue);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (q.length < MIN_CHARS || query === chosen.current) return;
    const request = ++latest.current;
    const timer = setTimeout(() => {
      setState({ kind: "loading" });
      search(q).then(
        (result) => {
          if (request !== latest.current) return;
          setState({ kind: "done", result });
          setActive(result.suggestions.length > 0 ? 0 : -1);
          movedSinceResults.current = false;
        },
        (e: unknown) => {
          if (request === latest.current) setState({ kind: "error", message: messageOf(e) });
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [query, search, debounceMs]);

  const suggestions = state.kind === "done" ? state.result.suggestions : [];
  const expanded = open && query.trim().length >= MIN_CHARS && state.kind !== "idle";

  async function choose(index: number): Promise<void> {
    const s = suggestions[index];
    if (!s || choosing) return;
    setChoosing(true);
    setChooseError(null);
    try {
      const place = await resolve(s.placeId);
      chosen.current = place.formattedAddress;
      latest.current++;
      setQuery(place.formattedAddress);
      setOpen(false);
      setState({ kind: "idle" });
      onSelect(place);
    } catch (e) {
      setChooseError(messageOf(e));
    } finally {
      setChoosing(false);
    }
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>): void {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (suggestions.length === 0) return;
      const step = e.key === "ArrowDown" ? 1 : -1;
      const firstMove = !movedSinceResults.current;
      movedSinceResults.current = true;
      if (firstMove && step === 1 && active === 0) return;
      setActive((i) => (i + step + suggestions.length) % suggestions.length);
    } else if (e.key === "Enter" && expanded && active >= 0) {
      e.preventDefault();
      void choose(active);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (expanded) setOpen(false);
      else {
        setQuery("");
        setState({ kind: "idle" });
      }
    }
  }

  const status = choosing
    ? "Getting the address…"
    : state.kind === "loading"
      ? "Searching…"
      : state.kind === "done"
        ? suggestions.length === 0
          ? `No places match “${query.trim()}”. Try a city, “City, ST” or a ZIP code.`
          : `${suggestions.length} place${suggestions.length === 1 ? "" : "s"} found. Use the arrow keys to choose.`
        : "";
  const fieldError = chooseError ?? error ?? null;
  const describedBy = [hint ? hintId : null, fieldError ? errorId : null].filter(Boolean).join(" ") || undefined;

  return (
    <div className="relative space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="relative">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={describedBy}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setChooseError(null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => setOpen(true)}
          className={cx(controlClasses, fieldError ? "border-red-600" : "border-slate-300")}
        />
        {state.kind === "loading" || choosing ? (
          <Spinner className="absolute top-1/2 right-3 -translate-y-1/2 text-slate-500" />
        ) : null}
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        hidden={!expanded || suggestions.length === 0}
        className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg"
      >
        {suggestions.map((s, i) => (
          <li
            key={s.placeId}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // Keeps the focus in the input, so the combobox stays the one focused control.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void choose(i)}
            onMouseEnter={() => setActive(i)}
            className={cx(
              "cursor-pointer px-3 py-2 text-sm",
              i === active ? "bg-brand-50 text-slate-900" : "text-slate-700",
            )}
          >
            <span className="font-medium">{s.mainText}</span>
            {s.secondaryText ? <span className="text-slate-500">, {s.secondaryText}</span> : null}
          </li>
        ))}
      </ul>
      {state.kind === "done" && state.result.notice ? (
        <p className="text-xs text-amber-700">{state.result.notice}</p>
      ) : state.kind === "done" && state.result.source === "gazetteer" && suggestions.length > 0 ? (
        <p className="text-xs text-slate-500">From the offline list of cities and US ZIP codes.</p>
      ) : null}
      <p role="status" aria-live="polite" className="sr-only">
        {status}
      </p>
      {state.kind === "error" && !fieldError ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {fieldError ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {fieldError}
        </p>
      ) : null}
    </div>
  );
}
