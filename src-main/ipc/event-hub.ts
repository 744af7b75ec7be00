import type { EventName, EventPayload, Publish } from '../../src-shared/ipc/contract';
import type { ClientContext } from './client-context';

/** Delivers one pushed event to one client over its host's channel. */
export type ClientSender = (name: EventName, payload: unknown) => void;

/** Fans pushed events out to every connected client of either host. */
export interface EventHub {
  /** Registers a client; returns the function that removes it. */
  attach(client: ClientContext, send: ClientSender): () => void;
  /** Sends to every client, or to those `accept` lets through. */
  publish<N extends EventName>(name: N, payload: EventPayload<N>, accept?: (client: ClientContext) => boolean): void;
  /** The Publish function handed to the engine. */
  readonly publisher: Publish;
}

/** Creates an empty hub. A client whose channel throws is detached, never the others. */
export function createEventHub(): EventHub {
  const clients = new Map<ClientContext, ClientSender>();
  const hub: EventHub = {
    attach(client, send) {
      clients.set(client, send);
      return () => clients.delete(client);
    },
    publish(name, payload, accept) {
      for (const [client, send] of clients) {
        if (accept && !accept(client)) continue;
        try {
          send(name, payload);
        } catch {
          clients.delete(client);
        }
      }
    },
    publisher: (name, payload, accept) => hub.publish(name, payload, accept),
  };
  return hub;
}
