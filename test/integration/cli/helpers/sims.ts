/**
 * Built-in simulators on loopback for CLI tests, started through the engine as `sim` does.
 */
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../../src-main/commissioning/target/simulator';

/** Starts a simulator on 127.0.0.1 with a free port; throws when it cannot listen. */
export async function startSim(options: Omit<SimulatorOptions, 'port'> & { port?: number }): Promise<Simulator> {
  const started = await startSimulator({ port: 0, host: '127.0.0.1', ...options });
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
