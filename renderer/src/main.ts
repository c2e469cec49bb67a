import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createClient } from './api/client';
import { CLIENT_KEY } from './api/inject';
import App from './App.vue';
import { installNavigation } from './lib/navigate';
import { createAppRouter } from './router';
import { FLEET_PAGE_SIZE, toInstanceQuery, useFleetStore } from './stores/fleet';
import { useScopeStore } from './stores/scope';
import './styles.css';

const app = createApp(App);
const client = createClient(window.hangar);
app.provide(CLIENT_KEY, client);
const pinia = createPinia();
app.use(pinia);
// The window usually opens on the fleet: its first rows are asked for now, while the app mounts, with the
// very query the view's first page will make.
if (/^(#\/?(fleet)?)?$/.test(location.hash)) {
  const filter = useFleetStore(pinia).filters.instances;
  client.prefetch('instances.query', toInstanceQuery(filter, 0, FLEET_PAGE_SIZE, useScopeStore(pinia).filter));
}
const router = createAppRouter();
app.use(router);
installNavigation(router, client);
app.mount('#app');
