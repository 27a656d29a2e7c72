import type { TLatLng } from "~/lib/geo";

/** What every stop pin map takes: the point, what to call it, and where a move goes (rounded degrees, WGS84). */
export type TPinMapProps = {
  kind: "pickup" | "dropoff";
  point: TLatLng;
  /** "Pick-up" or "Drop-off": names the pin for screen readers. */
  label: string;
  /** Id of the text that explains how to move the pin (arrow keys, drag). */
  describedBy: string;
  onMove: (p: TLatLng) => void;
};
