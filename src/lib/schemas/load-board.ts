// The load board's input: shared by the board's filter form (URL search params) and the driver router (the truth).
import { z } from "zod";

import { ZCursorSchema, ZDate, ZInt, ZLatitudeSchema, ZLongitudeSchema } from "~/lib/schemas/primitives";
import { destinationValues } from "~/lib/us-states";
import { vehicleTypes } from "~/lib/vehicles";

export const loadBoardSorts = ["distance", "rate", "pickup"] as const;
export type TLoadBoardSort = (typeof loadBoardSorts)[number];

/** The widest pick-up radius the board takes: 5,000 km (about 3,100 miles), coast to coast. */
export const MAX_RADIUS_METRES = 5_000_000;
export const LOAD_BOARD_PAGE = 20;

const ZPointSchema = z.object({ lat: ZLatitudeSchema, lng: ZLongitudeSchema });

/**
 * - `position`: the phone's position (degrees); else the driver's last known position, else their base.
 * - `near` + `withinMetres`: pick-ups within that many metres (great circle) of `near`, or of the driver when `near`
 *   is absent. Measured like the card's deadhead: to the pick-up's 0.01° cell, rounded to whole km.
 * - `destination`: a state ("IL") or a Census region ("region:midwest") the drop-off is in.
 * - `pickupFrom` / `pickupTo`: instants; loads whose pick-up window overlaps [from, to).
 * - `minRateCentsPerMile`: driver pay per loaded mile, US cents.
 * - `vehicleType`: loads that require this vehicle (only those the driver's vehicle can carry are ever listed).
 * - `sort`: "distance" (nearest pick-up to `near`, else to the driver), "rate" (highest pay per mile first) or
 *   "pickup" (earliest pick-up window first); `cursor` is the previous page's `nextCursor`.
 */
export const ZLoadBoardInputSchema = z
  .object({
    position: ZPointSchema.optional(),
    near: ZPointSchema.optional(),
    withinMetres: ZInt("Enter a distance.", "Use a whole number of metres.")
      .min(1_000, { error: "Search at least 1 km (about 1 mile) around." })
      .max(MAX_RADIUS_METRES, { error: "Search at most 5,000 km (about 3,100 miles) around." })
      .optional(),
    destination: z.enum(destinationValues, { error: "Choose a state or region." }).optional(),
    pickupFrom: ZDate("Enter a valid date.").optional(),
    pickupTo: ZDate("Enter a valid date.").optional(),
    minRateCentsPerMile: ZInt("Enter a rate.", "Use whole cents.")
      .min(0, { error: "The rate cannot be negative." })
      .max(100_000, { error: "Enter at most $1,000.00 per mile." })
      .optional(),
    vehicleType: z.enum(vehicleTypes, { error: "Choose a vehicle type." }).optional(),
    sort: z.enum(loadBoardSorts, { error: "Sort by distance, rate or pick-up time." }).default("distance"),
    cursor: ZCursorSchema.nullish(),
    limit: z.number().int().min(1).max(100).default(LOAD_BOARD_PAGE),
  })
  .refine((i) => !i.pickupFrom || !i.pickupTo || i.pickupTo > i.pickupFrom, {
    error: "The end date must be after the start date.",
    path: ["pickupTo"],
  });
export type TLoadBoardInput = z.infer<typeof ZLoadBoardInputSchema>;
export type TLoadBoardFormInput = z.input<typeof ZLoadBoardInputSchema>;
