/**
 * Child process of the scale benchmark: subscribes to `spBv1.0/<group>/#` on the broker
 * given as argument, counts the messages by type (NBIRTH, DBIRTH, DDATA, ...) and the DDATA
 * metrics (decoding each DDATA), prints `SUBSCRIBED` once and then the counts as one JSON
 * line every 250 ms. Run by `scale-children.ts`, never by hand.
 */
import mqtt from 'mqtt';
import sparkplug from 'sparkplug-payload';

const codec = sparkplug.get('spBv1.0')!;
const [url, group] = process.argv.slice(2);
const counts: Record<string, number> = { metrics: 0 };
const client = await mqtt.connectAsync(url!);
client.on('message', (topic, bytes) => {
  const type = topic.split('/')[2] ?? '?';
  counts[type] = (counts[type] ?? 0) + 1;
  if (type === 'DDATA') counts.metrics! += codec.decodePayload(new Uint8Array(bytes)).metrics?.length ?? 0;
});
await client.subscribeAsync(`spBv1.0/${group}/#`);
process.stdout.write('SUBSCRIBED\n');
setInterval(() => process.stdout.write(`${JSON.stringify(counts)}\n`), 250);
process.on('SIGINT', () => void client.endAsync().then(() => process.exit(0)));
