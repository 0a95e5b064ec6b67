/** Severity of an alert event, as on the wire. */
export type SuspEventLevel = 'serious' | 'suspicious' | 'remind';

/**
 * An alert event as `DescribeSuspEvents` returns it in `SuspEvents[]`, with wire field names. The
 * emulator filters on `Level` and `EventStatus`, finds an event's operations and whitelist rules by
 * `AlarmEventType`, its host by `Uuid` and its whitelist field values in `Details` (by `NameDisplay`);
 * handling it sets `EventStatus`, `OperateErrorCode`, `OperateMsg` and `OperateTime`. Every other
 * field is served as given.
 */
export interface SuspEventRecord {
  /** Event ID, what the handling actions take as `SecurityEventIds.N`. */
  readonly Id: number;
  /** Severity. */
  readonly Level: SuspEventLevel;
  /** Status code: `1` pending, `2` ignored, `4` confirmed, `8` false positive, `16` handling, `32` handled, `64` expired. */
  readonly EventStatus: number;
  /** Human-readable alert name, e.g. `Login with unusual location`. */
  readonly AlarmEventNameDisplay?: string;
  /** Alert type, e.g. `Unusual Logon`. */
  readonly AlarmEventType?: string;
  /** Public IP of the affected asset. */
  readonly InternetIp?: string;
  /** Private IP of the affected asset. */
  readonly IntranetIp?: string;
  /** UUID of the affected server. */
  readonly Uuid?: string;
  /** Last detection time, `yyyy-MM-dd HH:mm:ss`. */
  readonly LastTime?: string;
  /** Any other field of the wire format. */
  readonly [field: string]: unknown;
}
