/** Entry of `npm run cli -- <command>`: the command-line host of the engine. */
import { runCli } from './cli';
import { COMMANDS } from './commands';
import { packageVersion } from './version';

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});

const code = await runCli(process.argv.slice(2), COMMANDS, packageVersion(), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interrupted,
  stdin: process.stdin,
});
// Exit once stdout has drained: a command may leave sockets or timers behind on failure.
process.stdout.write('', () => process.exit(code));
