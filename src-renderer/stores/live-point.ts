/**
 * A row of the points store: a point's configuration as listed, and its live fields read
 * on demand from the store's typed columns by slot. Rows hold no live values themselves,
 * so a batch changes no row object (nothing for the garbage collector to trace or move),
 * and a table redraws only the rows it shows when the store's version moves. Nor do they
 * hold their own address, name, description or id: those are read from the list's
 * packed names (point-names.ts), so 100,000 rows keep no 100,000 small strings.
 */
import type { CallResponse } from '../../src-shared/ipc/contract';
import type { LiveColumns } from './live-columns';
import type { PointNames } from './point-names';

type PointInfo = CallResponse<'points.get'>;

/** A listed point whose live fields come from the columns. */
export class LivePoint implements PointInfo {
  readonly slot: number;
  readonly station: string;
  readonly unit: string;
  readonly configured: boolean;
  readonly stateLabels: PointInfo['stateLabels'];
  readonly alarms: PointInfo['alarms'];
  readonly stateAlarms: PointInfo['stateAlarms'];
  readonly eventDeadband: string;
  readonly command: PointInfo['command'];

  /**
   * `info` is point `at` of the list `names` was made from; `station` is its station id
   * (shared by the station's rows).
   */
  constructor(
    private readonly live: LiveColumns,
    info: PointInfo,
    private readonly names: PointNames,
    private readonly at: number,
    station: string,
  ) {
    this.slot = info.slot;
    this.station = station;
    this.unit = info.unit;
    this.configured = info.configured;
    this.stateLabels = info.stateLabels;
    this.alarms = info.alarms;
    this.stateAlarms = info.stateAlarms;
    this.eventDeadband = info.eventDeadband;
    this.command = info.command;
  }

  /** `<station>/<address>`. */
  get id(): string {
    return `${this.station}/${this.address}`;
  }

  /** The point's address in its protocol (e.g. `ai:3`, `ioa:3001@1`). */
  get address(): string {
    return this.names.address(this.at);
  }

  /** The point's name. */
  get name(): string {
    return this.names.name(this.at);
  }

  /** The point's description. */
  get description(): string {
    return this.names.description(this.at);
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
