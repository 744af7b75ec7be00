import type { App, Session, WebContents } from 'electron';
import { originOf } from './origin';

/**
 * Hardens every web contents the app creates: navigation away from the app and new
 * windows are denied, <webview> is refused; and every permission request (camera,
 * notifications, geolocation...) is denied for the session.
 */
export function setupSecurity(app: Pick<App, 'on'>, session: Session, appOrigin: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (navigation) => {
      if (originOf(navigation.url) !== appOrigin) navigation.preventDefault();
    });
    contents.on('will-redirect', (navigation) => {
      if (originOf(navigation.url) !== appOrigin) navigation.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
