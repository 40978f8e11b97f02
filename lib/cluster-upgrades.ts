import type { KubernetesClusterMaintenanceWindowAutoUpgrade } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { Capability } from './private/capability';
import { Violation, collect } from './private/errors';
import { isToken } from './private/rules';
import { Shape, listOf, num, object, oneOf, required, schema, str } from './private/shape';
import { Body, blockOf } from './private/written';

// Upgrades: which channel upgrades the control plane and the nodes' OS, and when (rules 59 and 60).

export type AutomaticUpgradeChannel = 'none' | 'patch' | 'stable' | 'rapid' | 'node-image';
export type NodeOsUpgradeChannel = 'None' | 'Unmanaged' | 'SecurityPatch' | 'NodeImage';
export type MaintenanceFrequency = 'Daily' | 'Weekly' | 'AbsoluteMonthly' | 'RelativeMonthly';
export type WeekDay = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';
export type WeekIndex = 'First' | 'Second' | 'Third' | 'Fourth' | 'Last';

/** A time span in which no upgrade starts. */
export interface MaintenanceBlackout {
  /** The first day, `'2026-12-20'` (azurerm keeps dates alone, as midnight UTC: `'2026-12-20T00:00:00Z'` too). */
  readonly start: string;
  /** The last day, after the first, in the same form. */
  readonly end: string;
}

/** A recurring window in which AKS may run one kind of upgrade. */
export interface MaintenanceWindow {
  /** How the window recurs: `Weekly` on `dayOfWeek`; `AbsoluteMonthly` on `dayOfMonth`; `RelativeMonthly` on the `weekIndex` `dayOfWeek`; or `Daily`. */
  readonly frequency: MaintenanceFrequency;
  /**
   * Every how many days, weeks or months.
   *
   * @default 1
   */
  readonly interval?: number;
  /**
   * The window's length in hours, 4 to 24.
   *
   * @default 4
   */
  readonly durationHours?: number;
  /** With `Weekly` and `RelativeMonthly`. @default - none */
  readonly dayOfWeek?: WeekDay;
  /** With `RelativeMonthly`. @default - none */
  readonly weekIndex?: WeekIndex;
  /** With `AbsoluteMonthly`: 1 to 31. @default - none */
  readonly dayOfMonth?: number;
  /**
   * When the window opens, `HH:mm`.
   *
   * @default '00:00'
   */
  readonly startTime?: string;
  /**
   * The offset of `startTime` from UTC, `+HH:mm` or `-HH:mm`.
   *
   * @default '+00:00'
   */
  readonly utcOffset?: string;
  /** Spans in which no upgrade starts (a holiday freeze). @default - none */
  readonly notAllowed?: MaintenanceBlackout[];
}

/** Props of the cluster's upgrades. */
export interface ClusterUpgradeProps {
  /**
   * How AKS upgrades the Kubernetes version: `patch` (the newest patch of the minor), `stable`, `rapid`,
   * `node-image` (node images only: needs `nodeOsUpgradeChannel` `NodeImage`), or `none`. With `patch`, versions
   * (`kubernetesVersion`, pools' `orchestratorVersion`) are a minor alone (`'1.35'`); with `stable` and `rapid`,
   * they are left unset: AKS moves them, and a pinned one would be taken back at the next plan.
   *
   * @default - none
   * @see https://learn.microsoft.com/azure/aks/auto-upgrade-cluster
   */
  readonly automaticUpgradeChannel?: AutomaticUpgradeChannel;
  /**
   * How the nodes' OS gets its security updates: `NodeImage` (a new node image, weekly), `SecurityPatch`
   * (patched images, without a reimage where possible), `Unmanaged` (the OS's own updates) or `None`.
   *
   * @default 'NodeImage' (AKS's own)
   * @see https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image
   */
  readonly nodeOsUpgradeChannel?: NodeOsUpgradeChannel;
  /**
   * When `automaticUpgradeChannel` may upgrade (AKS's `aksManagedAutoUpgradeSchedule`); Microsoft suggests monthly.
   *
   * @default - any time
   * @see https://learn.microsoft.com/azure/aks/planned-maintenance
   */
  readonly automaticUpgradeWindow?: MaintenanceWindow;
  /**
   * When `nodeOsUpgradeChannel` may update nodes (AKS's `aksManagedNodeOSUpgradeSchedule`).
   *
   * @default - any time
   */
  readonly nodeOsUpgradeWindow?: MaintenanceWindow;
}

const DEFAULT_DURATION_HOURS = 4;
const DURATION_HOURS = [4, 24] as const;
/** The largest interval AKS takes per frequency (the maintenanceConfigurations API: intervalDays, intervalWeeks, intervalMonths). */
const MAX_INTERVAL: Record<MaintenanceFrequency, number> = { Daily: 7, Weekly: 4, AbsoluteMonthly: 6, RelativeMonthly: 6 };
const WEEK_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const WINDOW: Shape = object(
  schema<MaintenanceWindow>('MaintenanceWindow', {
    frequency: required(oneOf('Daily', 'Weekly', 'AbsoluteMonthly', 'RelativeMonthly')),
    interval: num,
    durationHours: num,
    dayOfWeek: oneOf(...WEEK_DAYS),
    weekIndex: oneOf('First', 'Second', 'Third', 'Fourth', 'Last'),
    dayOfMonth: num,
    startTime: str,
    utcOffset: str,
    notAllowed: listOf(object(schema<MaintenanceBlackout>('MaintenanceBlackout', { start: required(str), end: required(str) }))),
  }),
);

export const UPGRADES: Capability<ClusterUpgradeProps> = {
  props: {
    automaticUpgradeChannel: oneOf('none', 'patch', 'stable', 'rapid', 'node-image'),
    nodeOsUpgradeChannel: oneOf('None', 'Unmanaged', 'SecurityPatch', 'NodeImage'),
    automaticUpgradeWindow: WINDOW,
    nodeOsUpgradeWindow: WINDOW,
  },

  check(props, facts) {
    const channel = props.automaticUpgradeChannel ?? 'none';
    const nodeOs = props.nodeOsUpgradeChannel ?? 'NodeImage';
    return collect(
      ...pinnedVersions(channel, { kubernetesVersion: facts.kubernetesVersion, ...facts.poolVersions }),
      // azurerm writes 'none' itself for an unset channel, and takes only the others.
      facts.written?.automatic_upgrade_channel === 'none'
        ? { prop: 'automaticUpgradeChannel', value: 'none', number: 59, rule: "is written as 'none', which azurerm refuses: it takes patch, rapid, stable or node-image, and sends none for an unset channel", fix: 'leave automatic_upgrade_channel unset' }
        : undefined,
      channel === 'node-image' && nodeOs !== 'NodeImage'
        ? { prop: 'nodeOsUpgradeChannel', value: nodeOs, number: 59, rule: "is not 'NodeImage', but automaticUpgradeChannel 'node-image' upgrades node images, and AKS takes only 'NodeImage' with it", fix: "use 'NodeImage', or another automaticUpgradeChannel" }
        : undefined,
      props.automaticUpgradeWindow && channel === 'none'
        ? { prop: 'automaticUpgradeWindow', value: undefined, number: 60, rule: 'is set, but automaticUpgradeChannel is none, so no upgrade ever runs in it', fix: "set automaticUpgradeChannel ('patch', 'stable'), or remove the window" }
        : undefined,
      props.nodeOsUpgradeWindow && (nodeOs === 'None' || nodeOs === 'Unmanaged')
        ? { prop: 'nodeOsUpgradeWindow', value: undefined, number: 60, rule: `is set, but nodeOsUpgradeChannel '${nodeOs}' is not run by AKS, so nothing ever runs in it`, fix: "use nodeOsUpgradeChannel 'NodeImage' or 'SecurityPatch', or remove the window" }
        : undefined,
      checkWindow('automaticUpgradeWindow', props.automaticUpgradeWindow),
      checkWindow('nodeOsUpgradeWindow', props.nodeOsUpgradeWindow),
    );
  },

  attributes(props) {
    return {
      automaticUpgradeChannel: props.automaticUpgradeChannel === 'none' ? undefined : props.automaticUpgradeChannel,
      nodeOsUpgradeChannel: props.nodeOsUpgradeChannel,
      maintenanceWindowAutoUpgrade: props.automaticUpgradeWindow && windowBlock(props.automaticUpgradeWindow),
      maintenanceWindowNodeOs: props.nodeOsUpgradeWindow && windowBlock(props.nodeOsUpgradeWindow),
    };
  },

  read(cluster: Body) {
    return {
      automaticUpgradeChannel: cluster.automatic_upgrade_channel,
      nodeOsUpgradeChannel: cluster.node_os_upgrade_channel,
      automaticUpgradeWindow: readWindow(cluster.maintenance_window_auto_upgrade),
      nodeOsUpgradeWindow: readWindow(cluster.maintenance_window_node_os),
    };
  },
};

/**
 * Rule 59: versions that AKS moves on its own are not pinned, or the next plan would take them back, which AKS
 * refuses (no downgrade): `patch` moves the patch, so a version is `major.minor`; `stable` and `rapid` move the
 * minor too, so none is written.
 */
function pinnedVersions(channel: string, versions: Record<string, unknown>): Violation[] {
  if (channel !== 'patch' && channel !== 'stable' && channel !== 'rapid') return [];
  return Object.entries(versions).flatMap(([prop, value]): Violation[] => {
    if (typeof value !== 'string' || isToken(value) || (channel === 'patch' && /^\d+\.\d+$/.test(value))) return [];
    const rule = channel === 'patch'
      ? `pins a patch, but automaticUpgradeChannel 'patch' upgrades patches, and the next plan would take the version back, which AKS refuses`
      : `pins a version, but automaticUpgradeChannel '${channel}' upgrades minor versions, and the next plan would take it back, which AKS refuses`;
    return [{ prop, value, number: 59, rule, fix: channel === 'patch' ? `give the minor alone ('${value.split('.').slice(0, 2).join('.')}')` : "leave it unset, or use automaticUpgradeChannel 'patch' with a minor version" }];
  });
}

/** The azurerm block of a window; the node OS block has the same shape. */
function windowBlock(w: MaintenanceWindow): KubernetesClusterMaintenanceWindowAutoUpgrade {
  return {
    frequency: w.frequency,
    interval: w.interval ?? 1,
    duration: w.durationHours ?? DEFAULT_DURATION_HOURS,
    dayOfWeek: w.dayOfWeek,
    weekIndex: w.weekIndex,
    dayOfMonth: w.dayOfMonth,
    startTime: w.startTime ?? '00:00',
    utcOffset: w.utcOffset ?? '+00:00',
    notAllowed: w.notAllowed && !isToken(w.notAllowed) ? w.notAllowed.map((n) => ({ start: midnight(n.start), end: midnight(n.end) })) : undefined,
  };
}

function readWindow(value: unknown): Record<string, unknown> | undefined {
  const w = blockOf(value);
  if (!w) return undefined;
  const notAllowed = Array.isArray(w.not_allowed) ? w.not_allowed.map((n) => { const b = blockOf(n) ?? {}; return { start: b.start, end: b.end }; }) : w.not_allowed;
  return { frequency: w.frequency, interval: w.interval, durationHours: w.duration, dayOfWeek: w.day_of_week, weekIndex: w.week_index, dayOfMonth: w.day_of_month, startTime: w.start_time, utcOffset: w.utc_offset, notAllowed };
}

/** A day as `YYYY-MM-DD` or `YYYY-MM-DDT00:00:00Z`, in days since 1970, or NaN for anything else or no such day. */
function dayOf(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(T00:00:00Z)?$/.exec(text);
  if (!m) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date.getTime() / 86_400_000 : NaN;
}

/** A day as azurerm reads it back: midnight UTC. */
function midnight(day: string): string {
  return isToken(day) || day.includes('T') ? day : `${day}T00:00:00Z`;
}

/** Rule 60: a window AKS takes: its length, interval, day fields for its frequency, times and blackouts. */
function checkWindow(prop: string, w: MaintenanceWindow | undefined): Violation[] {
  if (!w) return [];
  const v = (field: string, value: unknown, rule: string, fix: string): Violation => ({ prop: `${prop}.${field}`, value, number: 60, rule, fix });
  const known = (x: unknown) => x !== undefined && !isToken(x);
  const needs = (field: 'dayOfWeek' | 'weekIndex' | 'dayOfMonth', wanted: boolean) =>
    wanted && w[field] === undefined ? v(field, undefined, `is missing, and a ${w.frequency} window needs it`, `set ${field}`)
      : !wanted && w[field] !== undefined ? v(field, w[field], `is not taken by a ${w.frequency} window`, 'remove it') : undefined;
  const duration = w.durationHours;
  const interval = w.interval;
  const blackouts = w.notAllowed && !isToken(w.notAllowed) ? w.notAllowed : [];
  return collect(
    known(duration) && !(Number.isInteger(duration) && duration! >= DURATION_HOURS[0] && duration! <= DURATION_HOURS[1])
      ? v('durationHours', duration, `is not a whole number of hours from ${DURATION_HOURS[0]} to ${DURATION_HOURS[1]}, what AKS takes`, 'use 4 hours or more: an upgrade that does not fit is not started') : undefined,
    known(interval) && !(Number.isInteger(interval) && interval! >= 1 && interval! <= MAX_INTERVAL[w.frequency])
      ? v('interval', interval, `is not a whole number from 1 to ${MAX_INTERVAL[w.frequency]}, what AKS takes for a ${w.frequency} window`, 'use 1 for every period') : undefined,
    needs('dayOfWeek', w.frequency === 'Weekly' || w.frequency === 'RelativeMonthly'),
    needs('weekIndex', w.frequency === 'RelativeMonthly'),
    needs('dayOfMonth', w.frequency === 'AbsoluteMonthly'),
    known(w.dayOfMonth) && !(Number.isInteger(w.dayOfMonth) && w.dayOfMonth! >= 1 && w.dayOfMonth! <= 31)
      ? v('dayOfMonth', w.dayOfMonth, 'is not a day of the month, 1 to 31', 'use 1 to 31') : undefined,
    isToken(w.notAllowed) ? v('notAllowed', w.notAllowed, 'is a token, but each blackout is written as a block of its own, which a token cannot stand for', 'give the list itself') : undefined,
    known(w.startTime) && !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(w.startTime!) ? v('startTime', w.startTime, 'is not a time as HH:mm', "use a time like '02:00'") : undefined,
    known(w.utcOffset) && !/^[+-](0[0-9]|1[0-4]):[0-5][0-9]$/.test(w.utcOffset!) ? v('utcOffset', w.utcOffset, 'is not an offset as +HH:mm or -HH:mm', "use an offset like '+01:00'") : undefined,
    ...blackouts.flatMap((b, i) => {
      const [start, end] = [b.start, b.end].map((t) => (isToken(t) ? undefined : dayOf(t)));
      const bad = (field: 'start' | 'end', t: number | undefined) =>
        t !== undefined && Number.isNaN(t) ? v(`notAllowed[${i}].${field}`, b[field], 'is not a day as azurerm keeps it: a date, or a date at midnight UTC (it drops the time, and a time would show as a change at every plan)', "use '2026-12-20' or '2026-12-20T00:00:00Z'") : undefined;
      return collect(bad('start', start), bad('end', end), start !== undefined && end !== undefined && !Number.isNaN(start) && !Number.isNaN(end) && end <= start ? v(`notAllowed[${i}].end`, b.end, 'is not after the start', 'give an end after the start') : undefined);
    }),
  );
}
