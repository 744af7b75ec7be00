/** The workspace schema: stations, point lists, users, preferences, checkouts, format migration. */
export * from './station';
export * from './serial-line';
export * from './point-config';
export * from './checkout';
export * from './sparkplug';
export * from './workspace';
export * from './migrate';
