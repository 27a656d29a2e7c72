// A video in the shipment chat, recorded by the browser (MediaRecorder, as a phone's camera app hands one over):
// while it is being prepared (measured, its poster frame sent) the composer says so and Send waits; a video removed
// in the middle stays removed, even when its poster upload finishes afterwards; attached again, Send pressed too
// early waits and the wait clears once the video is ready; then it is sent.
import { expect, makeShipment, test } from "./fixtures";

test.slow();

test("a video removed while it is being prepared stays removed; attached again, it is sent", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "IN_TRANSIT", driverId: driver.id });
  const s = await pageAs(shipper);
  await s.goto(`/shipper/${shipment.id}`);
  const chat = s.getByTestId("shipment-chat");
  await expect(async () => {
    await chat.scrollIntoViewIfNeeded({ timeout: 2_000 });
    await expect(chat.getByLabel("Message", { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();

  // A one-second WebM drawn on a canvas, recorded by the browser itself.
  const webm = await s.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 160;
    canvas.height = 120;
    const g = canvas.getContext("2d")!;
    const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: "video/webm" });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    let frame = 0;
    const paint = setInterval(() => {
      g.fillStyle = `hsl(${(frame++ * 30) % 360}, 80%, 50%)`;
      g.fillRect(0, 0, 160, 120);
    }, 60);
    recorder.start();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.stop();
    await stopped;
    clearInterval(paint);
    return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
  });
  const file = { name: "dock.webm", mimeType: "video/webm", buffer: Buffer.from(webm) };

  // The poster frame's upload is slow (a poor connection).
  const isPoster = (url: URL) =>
    url.pathname === "/api/uploadthing" && url.searchParams.get("slug") === "chatVideoPoster";
  let posterCalls = 0;
  await s.route(isPoster, async (route) => {
    posterCalls += 1;
    if (posterCalls <= 2) await new Promise((resolve) => setTimeout(resolve, posterCalls === 1 ? 4_000 : 2_000));
    await route.continue();
  });
  await chat.getByTestId("chat-attach-input").setInputFiles(file);
  await expect(chat.getByText("· preparing the video…")).toBeVisible();
  await chat.getByRole("button", { name: "Send" }).click();
  // Still uploading, or uploaded and its poster on its way: either way Send waits, and says so.
  const wait = chat.getByText(/^Wait for the (attachment to finish uploading|video to be ready)/);
  await expect(wait).toBeVisible();
  await chat.getByRole("button", { name: "Remove dock.webm" }).click();
  await expect(chat.getByText("dock.webm")).toHaveCount(0);
  await expect(wait).toHaveCount(0);
  // The slow poster upload ends after the removal: the video does not come back.
  await expect.poll(() => posterCalls).toBe(1);
  await s.waitForTimeout(5_000); // longer than the poster's delay: pacing, not a speed assertion
  await expect(chat.getByText("dock.webm")).toHaveCount(0);

  // Attached again, Send is pressed too early: it waits, and the wait is taken back once the video is ready.
  await chat.getByTestId("chat-attach-input").setInputFiles(file);
  await expect(chat.getByText("· preparing the video…")).toBeVisible();
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(wait).toBeVisible();
  await expect(chat.getByText("· ready to send")).toBeVisible({ timeout: 30_000 });
  await expect(wait).toHaveCount(0);
  await chat.getByLabel("Message", { exact: true }).fill("Dock door video");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(chat.getByText("Dock door video")).toBeVisible();
  await expect(chat.getByLabel("Video: dock.webm")).toBeVisible();
});
