import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from '../App.vue';
import { createContractClient, provideContract, useContract } from '../api';
import { useAlarmsStore } from '../stores/alarms';
import { useAnalyzerStore } from '../stores/analyzer';
import { useCommandsStore } from '../stores/commands';
import { useCommissioningStore } from '../stores/commissioning';
import { useDeviceTasksStore, useRawRequestsStore } from '../stores/device-tasks';
import { useConnectionStore } from '../stores/connection';
import { useEventsStore } from '../stores/events';
import { useFilesStore } from '../stores/files';
import { useMonitorStore } from '../stores/monitor';
import { useNavigationStore } from '../stores/navigation';
import { usePointsStore } from '../stores/points';
import { useSessionStore } from '../stores/session';
import { useSparkplugStore } from '../stores/sparkplug';
import { useStationsStore } from '../stores/stations';
import { useTrendsStore } from '../stores/trends';
import { useWorkspaceStore } from '../stores/workspace';

/**
 * Connects the contract once, subscribes every store to its events once, loads the data
 * whenever a user logs in or the tab's login is resumed on a new connection (and forgets
 * the previous command), and mounts the app.
 */
export function boot(selector: string): void {
  provideContract(createContractClient(window));
  const app = createApp(App);
  app.use(createPinia());
  const session = useSessionStore();
  const stations = useStationsStore();
  const points = usePointsStore();
  const alarms = useAlarmsStore();
  const commands = useCommandsStore();
  const analyzer = useAnalyzerStore();
  useNavigationStore();
  useConnectionStore().start();
  session.start();
  stations.start();
  points.start();
  useTrendsStore().start();
  alarms.start();
  useEventsStore().start();
  commands.start();
  useCommissioningStore().start();
  useDeviceTasksStore().start();
  useRawRequestsStore().start();
  const files = useFilesStore();
  files.start();
  analyzer.start();
  useWorkspaceStore().start();
  useSparkplugStore().start();
  useMonitorStore().startListening();
  const reload = (): void => {
    void stations.load();
    void points.load();
    void alarms.load();
    void files.load();
  };
  watch(
    () => session.user,
    (user) => {
      commands.clear();
      if (!user) return;
      reload();
      if (analyzer.station) void analyzer.subscribe();
    },
  );
  // A replaced workspace (an import) may add or remove stations, points and alarms.
  useContract().on('workspace.changed', () => {
    if (session.user) reload();
  });
  app.mount(selector);
}
