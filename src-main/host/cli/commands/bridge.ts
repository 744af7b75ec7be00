import type { PointUpdate } from '../../../../src-shared/session';
import { interrogate } from '../../../commissioning/target/target-calls';
import { openTarget, type TargetSession } from '../../../commissioning/target/target-session';
import type { Target, TargetError } from '../../../commissioning/target/target';
import { updateAddress } from '../../../engine/points/point-address';
import type { DeviceSource } from '../../../engine/sparkplug/edge-node';
import type { MetricPoint } from '../../../engine/sparkplug/metrics';
import { resolveMqttPassword } from '../../../engine/sparkplug/mqtt-password';
import { SparkplugPublisher, type PublisherStatus } from '../../../engine/sparkplug/publisher';
import { BROKER_URL_PATTERN, SPARKPLUG_ID_PATTERN } from '../../../../src-shared/workspace/sparkplug';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, secondsOption, stringOption } from '../options';
import { TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** DDATA batch period of the bridge (ms). */
const PUBLISH_MS = 1000;

/** A station of the bridge: its session and its points by address, as the publisher reads them. */
interface BridgedStation {
  device: string;
  session: TargetSession;
  points: Map<string, MetricPoint>;
  dirty: Set<string>;
  up: boolean;
}

/** The device id of a target URL: protocol, host and port (`dnp3-127.0.0.1-20000`). */
function deviceOf(target: Target): string {
  return `${target.protocol}-${target.host}-${target.port}`.replace(/[+#/]/g, '_');
}

function metricOf(update: PointUpdate, receivedTime: number): MetricPoint {
  return { address: updateAddress(update), type: update.type, value: update.value, quality: update.quality, deviceTime: update.deviceTime, receivedTime, name: '', unit: '', deadband: 0 };
}

function record(station: BridgedStation, updates: readonly PointUpdate[]): void {
  const now = Date.now();
  for (const update of updates) {
    const point = metricOf(update, now);
    station.points.set(point.address, point);
    station.dirty.add(point.address);
  }
}

function required(args: ParsedArgs, name: string, what: string): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new CliError(EXIT.USAGE, `bridge: --${name} ${what} is required (see bridge --help)`);
  return value;
}

function sparkplugId(args: ParsedArgs, name: string): string {
  const value = required(args, name, 'ID');
  if (!SPARKPLUG_ID_PATTERN.test(value)) throw new CliError(EXIT.USAGE, `--${name} '${value}': no +, # or /, 1 to 64 characters without spaces`);
  return value;
}

/** The broker password: `--password-file`, else `--password-env`, else SWITCHYARD_MQTT_PASSWORD (usage error naming the file or variable, never the password). */
function brokerPassword(args: ParsedArgs): string | undefined {
  const passwordFile = stringOption(args, 'password-file') ?? '';
  const passwordEnv = stringOption(args, 'password-env') ?? '';
  if (passwordFile !== '' && passwordEnv !== '') throw new CliError(EXIT.USAGE, 'bridge: give --password-file or --password-env, not both');
  if (passwordFile === '' && passwordEnv === '') return process.env.SWITCHYARD_MQTT_PASSWORD;
  const resolved = resolveMqttPassword({ password: '', passwordSecret: '', passwordFile, passwordEnv });
  if (!resolved.ok) throw new CliError(EXIT.USAGE, `bridge: ${resolved.error.message}`);
  return resolved.password;
}

/** Opens every station, interrogates it (its DBIRTH lists every point) and follows its changes. */
async function openStations(targets: Target[], ms: number): Promise<BridgedStation[]> {
  const stations: BridgedStation[] = [];
  try {
    for (const target of targets) {
      const opened = await openTarget(target, { timeoutMs: ms, unsolicited: true });
      if (!opened.ok) throw targetFailure(opened.error);
      const station: BridgedStation = { device: deviceOf(target), session: opened.value, points: new Map(), dirty: new Set(), up: false };
      stations.push(station);
      opened.value.onEvent((event) => {
        if (event.type === 'points') record(station, event.updates);
      });
      const read = await interrogate(opened.value, 2 * ms);
      if (!read.ok) throw targetFailure(read.error);
      station.dirty.clear();
    }
  } catch (error) {
    await Promise.all(stations.map((s) => s.session.close()));
    throw error;
  }
  return stations;
}

function statusLine(s: PublisherStatus): string {
  return `${s.sent} messages (${s.metrics} metrics) published, ${s.buffered} buffered, ${s.dropped} dropped${s.lastError ? `; last error: ${s.lastError}` : ''}`;
}

/** Runs until the duration, an interrupt, or every station lost; returns the losses. */
async function bridgeUntilDone(stations: BridgedStation[], publisher: SparkplugPublisher, io: CliIo, durationS: number | undefined): Promise<TargetError[]> {
  const losses: TargetError[] = [];
  let allLost: () => void = () => undefined;
  const everyLost = new Promise<void>((resolve) => (allLost = resolve));
  for (const station of stations) {
    void station.session.lost.then((error) => {
      station.up = false;
      publisher.deviceDown(station.device);
      io.err(`bridge: ${station.device} lost (${error.code}): ${error.message}`);
      losses.push(error);
      if (losses.length === stations.length) allLost();
    });
  }
  const flush = setInterval(() => {
    for (const station of stations.filter((s) => s.up && s.dirty.size > 0)) {
      publisher.changed(station.device, [...station.dirty].map((address) => station.points.get(address)!));
      station.dirty.clear();
    }
  }, PUBLISH_MS);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => {
    if (durationS !== undefined) timer = setTimeout(resolve, durationS * 1000);
  });
  await Promise.race([elapsed, io.interrupted, everyLost]);
  clearTimeout(timer);
  clearInterval(flush);
  return losses;
}

/** `bridge <station-url>... --mqtt URL --group G --node N`: publishes stations as a Sparkplug B edge node. */
export const bridgeCommand: CliCommand = {
  name: 'bridge',
  summary: 'publish stations to an MQTT broker as a Sparkplug B edge node (each station a device)',
  usage: [
    'usage: switchyard bridge <station-url>... --mqtt mqtt://127.0.0.1:1883 --group G --node N [--duration S]',
    '                         [--primary-host ID] [--username U --password-file F | --password-env NAME]',
    '',
    'Each station URL becomes a Sparkplug device (`<protocol>-<host>-<port>`): NBIRTH, then a',
    'DBIRTH per station with every point it reports (interrogated first), DDATA of its changes',
    'every second, DDEATH when its link drops; NDEATH is the MQTT will. The broker being down',
    'does not stop it: data are buffered (10 000 messages) and births published again when it',
    'returns. NCMD Node Control/Rebirth is answered; DCMD is refused (the app runs device',
    'commands, from a workspace that enables them).',
    '  --mqtt URL      broker, mqtt://host:port or mqtts://host:port',
    '  --group G       Sparkplug group id',
    '  --node N        Sparkplug edge node id',
    '  --ca-file F, --cert F, --key F   TLS files for mqtts (CA of the broker; client certificate)',
    '  --username U    broker user; the password is read from SWITCHYARD_MQTT_PASSWORD, or:',
    '  --password-file F  the file holding the password (readable by its owner only: chmod 600)',
    '  --password-env NAME  the environment variable holding the password',
    '  --primary-host ID  Sparkplug 3.0 primary host application: no births until its STATE',
    '                  (spBv1.0/STATE/ID, retained JSON {"online", "timestamp"}) says online;',
    '                  when it goes offline: NDEATH, reconnect, and wait for it again',
    '  --duration S    stop after S seconds (default: until Ctrl+C)',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: {
    ...TARGET_OPTIONS,
    mqtt: { type: 'string' },
    group: { type: 'string' },
    node: { type: 'string' },
    'ca-file': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    username: { type: 'string' },
    'password-file': { type: 'string' },
    'password-env': { type: 'string' },
    'primary-host': { type: 'string' },
    duration: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length === 0) throw new CliError(EXIT.USAGE, 'bridge: missing the station URLs (see bridge --help)');
    const targets = args.positionals.map(parseTargetUrl);
    const brokerUrl = required(args, 'mqtt', 'URL');
    if (!BROKER_URL_PATTERN.test(brokerUrl)) throw new CliError(EXIT.USAGE, `--mqtt '${brokerUrl}': expected mqtt://host:port or mqtts://host:port`);
    const groupId = sparkplugId(args, 'group');
    const edgeNodeId = sparkplugId(args, 'node');
    const primaryHostId = stringOption(args, 'primary-host') === undefined ? undefined : sparkplugId(args, 'primary-host');
    const password = brokerPassword(args);
    const durationS = secondsOption(args, 'duration', undefined);
    const stations = await openStations(targets, timeoutMs(args));
    const byDevice = new Map(stations.map((s) => [s.device, s]));
    const source: DeviceSource = {
      devicesUp: () => stations.filter((s) => s.up).map((s) => s.device),
      points: (device) => [...(byDevice.get(device)?.points.values() ?? [])],
    };
    const publisher = new SparkplugPublisher(
      { brokerUrl, groupId, edgeNodeId, caFile: stringOption(args, 'ca-file'), certFile: stringOption(args, 'cert'), keyFile: stringOption(args, 'key'), username: stringOption(args, 'username'), password, primaryHostId },
      source,
      { command: (topic) => io.err(`bridge: ${topic.type} refused: the bridge takes no device commands`), log: (line) => io.err(line) },
    );
    publisher.start();
    for (const station of stations) {
      station.up = true;
      publisher.deviceUp(station.device);
    }
    const losses = await bridgeUntilDone(stations, publisher, io, durationS);
    await publisher.stop();
    await Promise.all(stations.map((s) => s.session.close()));
    const status = publisher.status();
    io.out(flag(args, 'json') ? JSON.stringify({ devices: stations.map((s) => s.device), ...status }) : statusLine(status));
    if (losses.length > 0) throw targetFailure(losses[0]!);
    return EXIT.OK;
  },
};
