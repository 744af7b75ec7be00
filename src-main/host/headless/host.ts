import { createEngine } from '../../engine';
import { createEventHub } from '../../ipc/event-hub';
import { createHandlers } from '../../ipc/handlers';
import { createRouter } from '../../ipc/router';
import { startHeadlessServer, type HeadlessServer } from './server';

/** A running headless host: the engine plus the browser UI and contract on loopback. */
export interface HeadlessHost extends HeadlessServer {
  /** Stops the server, then the engine (its sessions and event log). */
  stop(): Promise<void>;
}

/**
 * Runs the same engine as the desktop app without Electron, serving the built renderer
 * and the contract over a token-guarded WebSocket on 127.0.0.1.
 */
export async function startHeadlessHost(options: {
  dataDir: string;
  rendererDir: string;
  version: string;
  port?: number;
  log?: (line: string) => void;
  /** Where file downloads go when a request names no folder; default `<dataDir>/downloads`. */
  downloadsDir?: string;
}): Promise<HeadlessHost> {
  const hub = createEventHub();
  const engine = await createEngine({ dataDir: options.dataDir, publish: hub.publisher, log: options.log, ...(options.downloadsDir !== undefined ? { downloadsDir: options.downloadsDir } : {}) });
  const info = { name: 'Switchyard', version: options.version, host: 'headless' as const, platform: process.platform };
  const router = createRouter(createHandlers(engine, info));
  try {
    const server = await startHeadlessServer({ router, hub, rendererDir: options.rendererDir, port: options.port });
    return {
      ...server,
      async stop() {
        await server.close();
        await engine.stop();
      },
    };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}
