// Uploads one proof-of-delivery file (photo or signature) through the official client and returns the File row's
// id the delivery names; throws an Error whose message is for the driver (the server's verdict when it refused).
import type { TUploadRoute } from "~/lib/upload-rules";
import { uploadFiles } from "./uploadthing";

export async function uploadPodFile(
  route: Extract<TUploadRoute, "podPhoto" | "podSignature">,
  file: File,
  shipmentId: string,
) {
  let result;
  try {
    [result] = await uploadFiles(route, { files: [file], input: { shipmentId } });
  } catch (error) {
    const offline = typeof navigator !== "undefined" && !navigator.onLine;
    throw new Error(
      offline
        ? "You are offline. Deliver again once you have a connection."
        : error instanceof Error && error.message
          ? error.message
          : "The upload failed. Try again.",
      { cause: error },
    );
  }
  const verdict = result?.serverData;
  if (!verdict?.ok) throw new Error(verdict?.message ?? "The server did not keep the file. Try again.");
  return verdict.fileId;
}
