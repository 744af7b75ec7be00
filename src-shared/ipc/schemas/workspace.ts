/** Contract schemas of the `workspace.*` calls and events. */
import * as v from 'valibot';
import { Preferences } from '../../workspace/workspace';

/** What clients may know about the running workspace. */
export const WorkspaceInfo = v.object({
  name: v.string(),
  demo: v.boolean(),
  formatVersion: v.number(),
  /** The file it is saved in. */
  path: v.string(),
  stations: v.number(),
  points: v.number(),
  users: v.number(),
  preferences: Preferences,
});

/** Request of workspace.import: the workspace file's text. */
export const WorkspaceImportRequest = v.strictObject({ text: v.pipe(v.string(), v.maxLength(50_000_000)) });

/** Request of workspace.setPreferences. */
export const PreferencesRequest = v.strictObject({ preferences: Preferences });

/** The workspace file's text (export). */
export const WorkspaceText = v.object({ text: v.string() });
