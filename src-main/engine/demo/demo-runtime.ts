/**
 * Runs the demo: a DNP3 outstation simulator and an IEC 104 controlled-station simulator
 * on free loopback ports (127.0.0.1), and the demo workspace pointing at them. When a saved
 * demo workspace is given, its demo stations are re-pointed at this run's ports and
 * everything else (users, edits, other stations) is kept.
 */
import * as v from 'valibot';
import { describeSchemaIssues } from '../../../src-shared/workspace/migrate';
import { Workspace, type Workspace as WorkspaceType } from '../../../src-shared/workspace/workspace';
import { createDnp3Outstation, createDnp3OutstationDatabase } from '../../protocols/dnp3';
import { createIec104Station, defaultStationCommands } from '../../protocols/iec104';
import { serveSessions, type SessionServer } from '../../transport/serve-sessions';
import { DEMO_DNP3_MODELS, DEMO_IEC104_MODEL_TICK_MS, demoIec104Points } from './demo-models';
import { DEMO_DNP3_ID, DEMO_IEC104_ID, demoWorkspace } from './demo-workspace';

/** The running demo simulators. */
export interface DemoRuntime {
  /** The workspace to run (demo stations at the simulators' ports). */
  workspace: WorkspaceType;
  ports: { dnp3: number; iec104: number };
  stop(): Promise<void>;
}

/** Starts both simulators and returns the workspace pointing at them. */
export async function startDemo(saved?: WorkspaceType): Promise<DemoRuntime> {
  const epochOffsetMs = Date.now() - performance.now();
  const servers: SessionServer[] = [];
  const dnp3Config = { counts: { bi: 4, dbi: 2, bo: 4, ai: 4, ao: 2, ctr: 2, fc: 2 }, models: DEMO_DNP3_MODELS, epochOffsetMs };
  // One device across reconnects: what a command set is what the next connection reads.
  const dnp3Database = createDnp3OutstationDatabase(dnp3Config);
  try {
    const dnp3 = await serveSessions({
      endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      createSession: () => createDnp3Outstation(dnp3Config, dnp3Database),
    });
    servers.push(dnp3);
    const iec104 = await serveSessions({
      endpoint: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      createSession: () =>
        createIec104Station({
          points: demoIec104Points(),
          commands: defaultStationCommands(),
          models: { tickMs: DEMO_IEC104_MODEL_TICK_MS },
          epochOffsetMs,
        }),
    });
    servers.push(iec104);
    const ports = { dnp3: dnp3.port, iec104: iec104.port };
    return { workspace: repoint(saved, ports), ports, stop: async () => void (await Promise.all(servers.map((s) => s.close()))) };
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
}

function repoint(saved: WorkspaceType | undefined, ports: { dnp3: number; iec104: number }): WorkspaceType {
  const fresh = v.parse(Workspace, demoWorkspace(ports));
  if (!saved) return fresh;
  const stations = saved.stations.map((station) => {
    if (!station.demo) return station;
    const port = station.id === DEMO_DNP3_ID ? ports.dnp3 : station.id === DEMO_IEC104_ID ? ports.iec104 : null;
    return port === null ? station : { ...station, transport: { ...station.transport, host: '127.0.0.1', port } };
  });
  const parsed = v.safeParse(Workspace, { ...saved, stations });
  if (!parsed.success) throw new Error(`demo workspace: ${describeSchemaIssues(parsed.issues)}`);
  return parsed.output;
}
