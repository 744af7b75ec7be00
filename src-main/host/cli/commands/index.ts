import type { CliCommand } from '../command';
import { bridgeCommand } from './bridge';
import { captureCommand } from './capture';
import { checkCommand } from './check';
import { decodeCommand } from './decode';
import { DEVICE_TASK_COMMANDS } from './device-tasks';
import { filesCommand } from './files';
import { firewallCommand } from './firewall';
import { historyCommand } from './history';
import { monitorCommand } from './monitor';
import { operateCommand } from './operate';
import { pollCommand } from './poll';
import { rawCommand } from './raw';
import { securityCommand } from './security';
import { serveCommand } from './serve';
import { simCommand } from './sim';
import { timeSyncCommand } from './time-sync';
import { watchCommand } from './watch';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  pollCommand,
  watchCommand,
  operateCommand,
  timeSyncCommand,
  ...DEVICE_TASK_COMMANDS,
  rawCommand,
  filesCommand,
  simCommand,
  checkCommand,
  securityCommand,
  captureCommand,
  decodeCommand,
  monitorCommand,
  firewallCommand,
  bridgeCommand,
  historyCommand,
  serveCommand,
];
