import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from '../App.vue';
import { createContractClient, provideContract } from '../api';
import { useConnectionStore } from '../stores/connection';
import { useStationsStore } from '../stores/stations';

/** Connects the contract once, starts the stores' subscriptions and mounts the app. */
export function boot(selector: string): void {
  provideContract(createContractClient(window));
  const app = createApp(App);
  app.use(createPinia());
  useConnectionStore().start();
  useStationsStore().start();
  app.mount(selector);
}
