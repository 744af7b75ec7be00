/** The workspace schema: stations, point lists, users, preferences, format migration. */
export * from './station';
export * from './point-config';
export * from './workspace';
export * from './migrate';
