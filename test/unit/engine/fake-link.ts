/**
 * A scripted fake Session and a LinkFactory that drives it without sockets, for engine
 * unit tests. The test decides when links connect and what the session reports.
 */
import type { Session, SessionCall, SessionEvent, SessionInput, SessionOutput } from '../../../src-shared/session';
import type { StationConfig } from '../../../src-shared/workspace/station';
import type { LinkFactory, LinkHooks, LinkState } from '../../../src-main/engine/stations/station-link';

/** A session whose answers to calls are scripted by the test. */
class ScriptedSession implements Session {
  readonly calls: SessionCall[] = [];
  /** Returns the events to emit for a call (default none). */
  onCall: (call: SessionCall) => SessionEvent[] = () => [];

  step(input: SessionInput): SessionOutput[] {
    if (input.kind === 'up') return [{ kind: 'event', event: { type: 'state', state: 'ready' } }];
    if (input.kind !== 'call') return [];
    this.calls.push(input.call);
    return this.onCall(input.call).map((event) => ({ kind: 'event', event }));
  }
}

/** One fake link. */
export interface FakeLink {
  station: StationConfig;
  session: ScriptedSession;
  hooks: LinkHooks;
  stopped: boolean;
  /** Reports a connection state (connected also steps the session `up`). */
  setState(state: LinkState, error?: { code: string; message: string }): void;
  /** Emits session events as if the device reported them. */
  emit(...events: SessionEvent[]): void;
}

/** A LinkFactory recording every link it made; links connect at once unless `autoConnect` is false. */
export function createFakeLinks(autoConnect = true): { factory: LinkFactory; links: FakeLink[]; latest(id: string): FakeLink } {
  const links: FakeLink[] = [];
  const factory: LinkFactory = (station, hooks) => {
    const session = new ScriptedSession();
    const link: FakeLink = {
      station,
      session,
      hooks,
      stopped: false,
      setState(state, error) {
        hooks.onState(state, error);
        if (state === 'connected') for (const out of session.step({ kind: 'up' })) if (out.kind === 'event') hooks.onEvent(out.event);
      },
      emit(...events) {
        for (const event of events) hooks.onEvent(event);
      },
    };
    links.push(link);
    if (autoConnect) queueMicrotask(() => !link.stopped && link.setState('connected'));
    return {
      call(call) {
        for (const out of session.step({ kind: 'call', call })) if (out.kind === 'event') hooks.onEvent(out.event);
      },
      async stop() {
        link.stopped = true;
      },
    };
  };
  return {
    factory,
    links,
    latest(id) {
      const found = links.filter((l) => l.station.id === id).at(-1);
      if (!found) throw new Error(`no link for ${id}`);
      return found;
    },
  };
}
