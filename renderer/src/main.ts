import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createClient } from './api/client';
import { CLIENT_KEY } from './api/inject';
import App from './App.vue';
import { installNavigation } from './lib/navigate';
import { createAppRouter } from './router';
import './styles.css';

const app = createApp(App);
const client = createClient(window.hangar);
app.provide(CLIENT_KEY, client);
app.use(createPinia());
const router = createAppRouter();
app.use(router);
installNavigation(router, client);
app.mount('#app');
