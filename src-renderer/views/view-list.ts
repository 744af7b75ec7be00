/** The views of the app, in navigation order (Alt+1 .. Alt+8). */
export const VIEWS = [
  { id: 'stations', label: 'Stations' },
  { id: 'points', label: 'Points' },
  { id: 'trends', label: 'Trends' },
  { id: 'commands', label: 'Commands' },
  { id: 'events', label: 'Alarms & Events' },
  { id: 'analyzer', label: 'Analyzer' },
  { id: 'commissioning', label: 'Commissioning' },
  { id: 'administration', label: 'Administration' },
] as const;

/** Id of one of {@link VIEWS}. */
export type ViewId = (typeof VIEWS)[number]['id'];
