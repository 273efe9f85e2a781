/**
 * Runs the fake GOV.UK Notify (src/server/notify/fake-notify-server.ts) on a port until
 * stopped: the end-to-end suite points its demo servers at it and reads what people were
 * sent from GET /_messages. Usage: npx tsx scripts/fake-notify.ts [port]
 */
import { startFakeNotify } from '../src/server/notify/fake-notify-server.js';

const port = Number(process.argv[2] ?? 3213);
const notify = await startFakeNotify(port);
process.stdout.write(`fake Notify listening on ${notify.url} (key ${notify.apiKey})\n`);
const stop = () => void notify.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
