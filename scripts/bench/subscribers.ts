// A child process of `npm run bench:realtime` holding `count` pusher-js clients, each subscribed to one of the
// given private channels (round robin), authorised with the app secret as /api/pusher/auth would sign it for an
// allowed user. Each `location` event's arrival is stamped with a wall clock in fractional milliseconds
// (performance.timeOrigin + performance.now(), comparable across processes on one machine) and kept in memory
// until the parent asks for it, so reporting costs nothing while the measurement runs.
//
// IPC (process.send): parent → { type: "start", config, channels, count } | { type: "report" };
// child → { type: "ready" } once every client is subscribed | { type: "arrivals", arrivals: [key, ms][] } |
// { type: "error", message }. The key is the event's `recordedAt` in epoch ms. The parent disconnects when done.
import Pusher from "pusher";
import PusherJS from "pusher-js";

type TStart = {
  type: "start";
  config: { appId: string; key: string; secret: string; host: string; port: number };
  channels: string[];
  count: number;
};
type TMessage = TStart | { type: "report" };

const clients: PusherJS[] = [];
const arrivals: [number, number][] = [];

function send(message: unknown): void {
  process.send?.(message);
}

async function start({ config, channels, count }: TStart): Promise<void> {
  const signer = new Pusher({ ...config, port: String(config.port) });
  const subscribed: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const client = new PusherJS(config.key, {
      cluster: "local",
      wsHost: config.host,
      wsPort: config.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      enableStats: false,
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) =>
          callback(null, signer.authorizeChannel(socketId, channelName)),
      },
    });
    clients.push(client);
    const channel = client.subscribe(channels[i % channels.length]!);
    channel.bind("location", (data: { recordedAt: string | number }) => {
      arrivals.push([new Date(data.recordedAt).getTime(), performance.timeOrigin + performance.now()]);
    });
    subscribed.push(
      new Promise((resolve, reject) => {
        channel.bind("pusher:subscription_succeeded", () => resolve());
        channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(JSON.stringify(e))));
      }),
    );
    // Connect in small steps so 1,000 handshakes do not arrive at the stand-in in one burst.
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(subscribed);
  send({ type: "ready" });
}

process.on("message", (message: TMessage) => {
  if (message.type === "start") {
    start(message).catch((error: unknown) =>
      send({ type: "error", message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === "report") {
    send({ type: "arrivals", arrivals: arrivals.splice(0) });
  }
});
process.on("disconnect", () => {
  for (const client of clients) client.disconnect();
  process.exit(0);
});
