import type { EmulatorStateOptions } from '../state/state-options.js';

const LEVELS = ['serious', 'suspicious', 'remind'] as const;

/**
 * One line on a model: `45 alerts (19 serious, 14 suspicious, 12 remind), 1 offline host, 12 risks`,
 * and `, 200 handled in the past` when it has a history.
 */
export function scenarioSummary(state: EmulatorStateOptions): string {
  const alerts = state.alerts ?? [];
  const levels = LEVELS.map(
    (level) => [level, alerts.filter((alert) => alert.Level === level).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([level, count]) => `${count} ${level}`);
  const offline = (state.hosts ?? []).filter((host) => host.online === false).length;
  return [
    `${plural(alerts.length, 'alert')}${levels.length > 0 ? ` (${levels.join(', ')})` : ''}`,
    `${plural(offline, 'offline host')}`,
    plural(state.risks?.length ?? 0, 'risk'),
    ...(state.history?.length ? [`${state.history.length} handled in the past`] : []),
  ].join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
