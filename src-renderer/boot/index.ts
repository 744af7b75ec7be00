import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from '../App.vue';
import { createContractClient, provideContract } from '../api';
import { useAlarmsStore } from '../stores/alarms';
import { useAnalyzerStore } from '../stores/analyzer';
import { useCommandsStore } from '../stores/commands';
import { useConnectionStore } from '../stores/connection';
import { useEventsStore } from '../stores/events';
import { useNavigationStore } from '../stores/navigation';
import { usePointsStore } from '../stores/points';
import { useSessionStore } from '../stores/session';
import { useStationsStore } from '../stores/stations';
import { useTrendsStore } from '../stores/trends';

/**
 * Connects the contract once, subscribes every store to its events once, loads the data
 * whenever a user logs in (and forgets the previous user's command), and mounts the app.
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
  useNavigationStore();
  useConnectionStore().start();
  session.start();
  stations.start();
  points.start();
  useTrendsStore().start();
  alarms.start();
  useEventsStore().start();
  commands.start();
  useAnalyzerStore().start();
  watch(
    () => session.user?.name,
    (name) => {
      commands.clear();
      if (!name) return;
      void stations.load();
      void points.load();
      void alarms.load();
    },
  );
  app.mount(selector);
}
