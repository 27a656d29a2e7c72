// The official UploadThing browser helpers, typed by the app's file router (uploads go to /api/uploadthing).
import { generateReactHelpers } from "@uploadthing/react";

import type { TAppFileRouter } from "~/server/uploads/file-router";

export const { uploadFiles, useUploadThing } = generateReactHelpers<TAppFileRouter>();
