/**
 * One station at run time: its configuration, its link (when connected), its displayed
 * state, statistics, IIN / protocol state and last error. Session events are passed on to
 * the engine through {@link StationEventSink}; the station keeps only what it shows.
 */
import type { SessionCall, SessionEvent } from '../../../src-shared/session';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { LinkError, LinkFactory, LinkState, StationLink } from './station-link';
import { serialLineStats, type SerialLineStats } from '../../transport/serial-channel';
import { StationStats } from './station-stats';

/** Displayed connection state (StationState in the contract). */
export type StationDisplayState = 'disabled' | 'disconnected' | 'connecting' | 'connected' | 'ready' | 'backoff';

/** Where a station sends what it learns. */
export interface StationEventSink {
  /** The displayed state or last error changed. */
  stateChanged(station: StationRuntime, previous: StationDisplayState): void;
  /** A session event other than state (points, commands, tasks, time sync...). */
  sessionEvent(station: StationRuntime, event: SessionEvent): void;
}

/** The `dnp3://host:port?...`-style target of a station (CLI.md URL form). */
export function stationTarget(config: StationConfig): string {
  const t = config.transport;
  if (t.kind === 'serial') {
    const s = t.serial;
    return `dnp3+serial://${s.path}?baud=${s.baudRate}&parity=${s.parity}&databits=${s.dataBits}&stopbits=${s.stopBits}&master=${config.dnp3.masterAddress}&outstation=${config.dnp3.outstationAddress}`;
  }
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  if (config.protocol === 'dnp3') {
    const scheme = t.kind === 'tcp' ? 'dnp3' : t.kind === 'tcp-listen' ? 'dnp3+listen' : `dnp3+${t.kind}`;
    return `${scheme}://${host}:${t.port}?master=${config.dnp3.masterAddress}&outstation=${config.dnp3.outstationAddress}`;
  }
  const scheme = t.kind === 'tls' ? 'iec104+tls' : 'iec104';
  return `${scheme}://${host}:${t.port}?ca=${config.iec104.commonAddresses.join(',')}`;
}

/** A serial station's line counters (`serialLine`, null while its port is closed); nothing for other stations. */
export function serialLineOf(config: StationConfig): { serialLine?: SerialLineStats | null } {
  return config.transport.kind === 'serial' ? { serialLine: serialLineStats(config.transport.serial.path) } : {};
}

/** A configured station and its live status. */
export class StationRuntime {
  readonly stats = new StationStats();
  lastError: { code: string; message: string; at: number } | null = null;
  /** DNP3 IIN (16 bits) and its words; null until reported. */
  iin: { value: number; words: string[] } | null = null;
  /** Protocol state from the session (`ready` after DNP3 startup / IEC 104 STARTDT con). */
  protocolState: 'starting' | 'ready' | 'stopped' | null = null;
  /** Device attributes (DNP3 g0) when read. */
  attributes: Record<string, string | number | boolean> = {};
  private link: StationLink | null = null;
  private linkState: LinkState = 'disconnected';
  private everConnected = false;

  constructor(
    public config: StationConfig,
    private readonly factory: LinkFactory,
    private readonly sink: StationEventSink,
  ) {}

  get id(): string {
    return this.config.id;
  }

  /** Whether a link is running (connecting, connected or backing off). */
  get running(): boolean {
    return this.link !== null;
  }

  /** The state shown to people. */
  get state(): StationDisplayState {
    if (!this.config.enabled) return 'disabled';
    if (!this.link) return 'disconnected';
    if (this.linkState === 'connected') return this.protocolState === 'ready' ? 'ready' : 'connected';
    return this.linkState;
  }

  /** Starts the link (no-op when running or disabled). */
  connect(): void {
    if (this.link || !this.config.enabled) return;
    const before = this.state;
    this.linkState = 'connecting';
    this.protocolState = null;
    let self: StationLink | null = null;
    self = this.factory(this.config, {
      onState: (state, error) => {
        if (self !== null && this.link !== self) return;
        this.onLinkState(state, error);
      },
      onEvent: (event) => {
        if (self !== null && this.link !== self) return;
        this.onSessionEvent(event);
      },
      onBytes: (direction, count) => {
        if (direction === 'tx') this.stats.bytesTx += count;
        else this.stats.bytesRx += count;
      },
    });
    this.link = self;
    this.notify(before);
  }

  /** Stops the link; the station stays configured. */
  async disconnect(): Promise<void> {
    const link = this.link;
    if (!link) return;
    const before = this.state;
    this.link = null;
    this.linkState = 'disconnected';
    this.protocolState = null;
    this.stats.connectedSince = null;
    this.notify(before);
    await link.stop();
  }

  /** Hands a call to the session; false when not connected. */
  call(call: SessionCall): boolean {
    if (!this.link || this.linkState !== 'connected') return false;
    this.link.call(call);
    return true;
  }

  private onLinkState(state: LinkState, error?: LinkError): void {
    const before = this.state;
    if (state === 'connected') {
      if (this.everConnected) this.stats.reconnects++;
      this.everConnected = true;
      this.stats.connectedSince = Date.now();
    } else {
      this.stats.connectedSince = null;
      this.protocolState = null;
    }
    if (error) {
      this.lastError = { code: error.code, message: error.message, at: Date.now() };
      this.stats.error(error.code);
    }
    this.linkState = state;
    this.notify(before, error !== undefined);
  }

  private onSessionEvent(event: SessionEvent): void {
    switch (event.type) {
      case 'state': {
        const before = this.state;
        this.protocolState = event.state;
        this.notify(before);
        return;
      }
      case 'iin': {
        const changed = this.iin?.value !== event.iin;
        this.iin = { value: event.iin, words: event.words };
        if (changed) this.notify(this.state, true);
        break;
      }
      case 'error':
        this.stats.error(event.code);
        this.lastError = { code: event.code, message: event.message, at: Date.now() };
        break;
      case 'task':
        this.stats.response(event.durationMs);
        break;
      case 'attributes':
        this.attributes = { ...this.attributes, ...event.attributes };
        break;
      case 'points':
        this.stats.updates += event.updates.length;
        break;
      case 'secureAuth': {
        const { type: _type, ...stats } = event;
        this.stats.secureAuth = stats;
        break;
      }
      case 'frameCount':
        this.stats.framesRx += event.rx;
        this.stats.framesTx += event.tx;
        break;
      case 'frame':
        if (event.frame.error) this.stats.error(event.frame.error);
        break;
      default:
        break;
    }
    this.sink.sessionEvent(this, event);
  }

  private notify(before: StationDisplayState, force = false): void {
    if (force || before !== this.state) this.sink.stateChanged(this, before);
  }
}
