/**
 * The master's startup sequence on every link up: DISABLE_UNSOLICITED (configurable),
 * integrity poll (class 1, 2, 3 then 0), ENABLE_UNSOLICITED for the configured classes.
 */
import { FunctionCode } from '../app/control';
import type { EventClass, ResolvedMasterConfig } from './config';
import { RequestTask } from './request-task';
import { classHeaders, INTEGRITY } from './requests';
import { Priority, type MasterTask } from './task';

/** An integrity poll task. */
export function integrityTask(retries: number): RequestTask {
  return new RequestTask({ name: 'integrity', priority: Priority.integrity, fc: FunctionCode.READ, objects: INTEGRITY, retries });
}

/** The startup tasks; `enabled` is called with the classes once ENABLE_UNSOLICITED succeeds. */
export function startupTasks(cfg: ResolvedMasterConfig, enabled: (classes: EventClass[]) => void): MasterTask[] {
  const tasks: MasterTask[] = [];
  const classes = cfg.unsolicitedClasses;
  if (cfg.disableUnsolicitedAtStartup) {
    tasks.push(new RequestTask({ name: 'disableUnsolicited', priority: Priority.disableUnsol, fc: FunctionCode.DISABLE_UNSOLICITED, objects: classHeaders([1, 2, 3]), retries: cfg.retries }));
  }
  tasks.push(integrityTask(cfg.retries));
  if (classes.length > 0) {
    tasks.push(
      new RequestTask({
        name: 'enableUnsolicited',
        priority: Priority.enableUnsol,
        fc: FunctionCode.ENABLE_UNSOLICITED,
        objects: classHeaders(classes),
        retries: cfg.retries,
        onEnd: (_ctx, ok) => {
          if (ok) enabled(classes);
        },
      }),
    );
  }
  return tasks;
}
