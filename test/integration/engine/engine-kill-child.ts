/**
 * Child process of the engine kill test: runs the engine on a data directory whose
 * workspace points one DNP3 station at the parent's outstation simulator, until killed.
 * Usage: node --import tsx engine-kill-child.ts <data dir>
 */
import { createEngine } from '../../../src-main/engine';

const engine = await createEngine({ dataDir: process.argv[2]!, publish: () => undefined, log: (line) => process.stderr.write(`${line}\n`), demoOnFirstStart: false });
process.stdout.write(`started ${engine.stations.list().length}\n`);
