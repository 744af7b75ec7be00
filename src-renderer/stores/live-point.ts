/**
 * A row of the points store: a point's configuration as listed, and its live fields read
 * on demand from the store's typed columns by slot. Rows hold no live values themselves,
 * so a batch changes no row object (nothing for the garbage collector to trace or move),
 * and a table redraws only the rows it shows when the store's version moves.
 */
import type { CallResponse } from '../../src-shared/ipc/contract';
import type { LiveColumns } from './live-columns';

type PointInfo = CallResponse<'points.get'>;

/** A listed point whose live fields come from the columns. */
export class LivePoint implements PointInfo {
  readonly slot: number;
  readonly id: string;
  readonly station: string;
  readonly address: string;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly configured: boolean;
  readonly stateLabels: PointInfo['stateLabels'];
  readonly alarms: PointInfo['alarms'];
  readonly stateAlarms: PointInfo['stateAlarms'];
  readonly eventDeadband: string;
  readonly command: PointInfo['command'];

  constructor(
    private readonly live: LiveColumns,
    info: PointInfo,
  ) {
    this.slot = info.slot;
    this.id = info.id;
    this.station = info.station;
    this.address = info.address;
    this.name = info.name;
    this.description = info.description;
    this.unit = info.unit;
    this.configured = info.configured;
    this.stateLabels = info.stateLabels;
    this.alarms = info.alarms;
    this.stateAlarms = info.stateAlarms;
    this.eventDeadband = info.eventDeadband;
    this.command = info.command;
  }

  /** The reported type; empty before the first report. */
  get type(): string {
    return this.live.typeAt(this.slot);
  }

  /** Raw value as reported; null before the first report. */
  get raw(): number | boolean | string | null {
    return this.live.rawAt(this.slot);
  }

  /** Engineering value; null for text or none. */
  get value(): number | null {
    return this.live.valueAt(this.slot);
  }

  /** State label of a digital value. */
  get label(): string | null {
    return this.live.labelAt(this.slot);
  }

  /** Quality words. */
  get quality(): string[] {
    return this.live.qualityAt(this.slot);
  }

  /** Device time, ms since the epoch, or null. */
  get deviceTime(): number | null {
    return this.live.deviceTimeAt(this.slot);
  }

  /** When the engine received the value, or null. */
  get receivedTime(): number | null {
    return this.live.receivedTimeAt(this.slot);
  }

  /** Changes of value or quality since the engine started. */
  get changes(): number {
    return this.live.changesAt(this.slot);
  }
}
