/**
 * The Sparkplug publisher against a secured mosquitto: TLS with the broker verified by
 * the configured CA and our client certificate required, and a password file. With the
 * right credentials it connects and births; with a wrong password the status names the
 * refusal and the password never appears in what the publisher logs. An engine started on
 * a workspace of an older version with the password in plain text moves it to a 0600 file,
 * says so, and connects with it; workspace.json no longer holds it.
 */
import mqtt from 'mqtt';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, emptyWorkspace } from '../../../src-main/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkplugPublisher, type PublisherConfig } from '../../../src-main/engine/sparkplug/publisher';
import { makeTestPki, type TestPki } from '../transport/helpers/test-pki';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { until } from '../helpers/until';

let pki: TestPki;
let broker: Mosquitto;
const USER = { name: 'edge', password: 'broker-pass-42' };

beforeAll(async () => {
  pki = makeTestPki();
  broker = await startMosquitto({ caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key, user: USER });
});
afterAll(async () => {
  await broker?.close();
  pki?.cleanup();
});

function publisher(password: string, lines: string[]): SparkplugPublisher {
  const config: PublisherConfig = { brokerUrl: broker.url, groupId: 'G', edgeNodeId: 'N', caFile: pki.ca.cert, certFile: pki.client.cert, keyFile: pki.client.key, username: USER.name, password };
  return new SparkplugPublisher(config, { devicesUp: () => [], points: () => [] }, { command: () => undefined, log: (line) => lines.push(line) });
}

describe('Sparkplug over mqtts with credentials', () => {
  it('connects with TLS, a client certificate and the password, and publishes NBIRTH', async () => {
    const host = await mqtt.connectAsync(broker.url, { ca: readFileSync(pki.ca.cert), cert: readFileSync(pki.client.cert), key: readFileSync(pki.client.key), username: USER.name, password: USER.password });
    const topics: string[] = [];
    host.on('message', (topic) => topics.push(topic));
    await host.subscribeAsync('spBv1.0/G/#');
    const lines: string[] = [];
    const edge = publisher(USER.password, lines);
    edge.start();
    await until('NBIRTH over TLS', () => topics.includes('spBv1.0/G/NBIRTH/N'));
    expect(edge.status()).toMatchObject({ connected: true, lastError: null });
    await edge.stop();
    await host.endAsync();
    expect(lines.join('\n')).not.toContain(USER.password);
  });

  it('reports a wrong password as the broker refusal, never logging it', async () => {
    const lines: string[] = [];
    const edge = publisher('wrong-pass-99', lines);
    edge.start();
    const status = await until('refusal', () => edge.status().lastError !== null && edge.status());
    await edge.stop();
    expect(status.connected).toBe(false);
    expect(status.lastError).toMatch(/Not authorized|Bad username or password/i);
    expect(lines.join('\n')).not.toContain('wrong-pass-99');
  });

  it('moves the plain password of an older workspace to the secret store at start, says so, and connects with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-sparkplug-migrate-'));
    const section = { enabled: true, brokerUrl: broker.url, groupId: 'M', edgeNodeId: 'N', caFile: pki.ca.cert, certFile: pki.client.cert, keyFile: pki.client.key, username: USER.name, password: USER.password };
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify({ ...emptyWorkspace(), sparkplug: section }));
    const lines: string[] = [];
    const engine = await createEngine({ dataDir: dir, publish: () => undefined, log: (line) => lines.push(line), demoOnFirstStart: false });
    try {
      await until('NBIRTH with the moved password', () => engine.sparkplug.status().connected);
      const id = engine.workspace.workspace.sparkplug!.passwordSecret;
      expect(engine.workspace.workspace.sparkplug).toMatchObject({ password: '', passwordFile: '', passwordSecret: expect.stringMatching(/^s-[0-9a-f]{32}$/) });
      const kept = engine.secrets.get(id);
      expect(kept.ok && Buffer.from(kept.value).toString('utf8')).toBe(USER.password);
      expect(statSync(join(dir, 'secrets', `${id}.secret`)).mode & 0o777).toBe(0o600);
      await engine.workspace.flush();
      for (const saved of ['workspace.json', 'workspace.json.last-good']) expect(readFileSync(join(dir, saved), 'utf8')).not.toContain(USER.password);
      const notice = `Sparkplug: the MQTT password is no longer kept in ${join(dir, 'workspace.json')}: it was moved to the host's secret store (a file readable by this user only)`;
      expect(lines).toContain(`engine: ${notice}`);
      const logged = await until('the notice in the event log', async () => (await engine.eventLog.query({ text: 'no longer kept' })).rows);
      expect(logged.map((e) => e.message)).toEqual([notice]);
      expect(lines.join('\n')).not.toContain(USER.password);
    } finally {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
