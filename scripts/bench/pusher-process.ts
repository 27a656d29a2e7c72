// The Pusher stand-in (devstack/pusher) in a process of its own, so `npm run bench:realtime` measures its fan-out
// without sharing an event loop with the bench, and can profile it (`node --cpu-prof`). Prints one JSON line with
// the app's credentials and port once listening; closes on SIGTERM (the profile is written on that exit).
import { startPusherStandIn } from "../../devstack/pusher";

const standIn = await startPusherStandIn({ port: 0, host: "127.0.0.1" });
const { appId, key, secret, host, port } = standIn;
process.stdout.write(`${JSON.stringify({ appId, key, secret, host, port })}\n`);
process.on("SIGTERM", () => {
  void standIn.close().finally(() => process.exit(0));
});
