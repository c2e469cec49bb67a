import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createClient } from './api/client';
import { CLIENT_KEY } from './api/inject';
import App from './App.vue';
import { createAppRouter } from './router';
import './styles.css';

const app = createApp(App);
app.provide(CLIENT_KEY, createClient(window.hangar));
app.use(createPinia());
app.use(createAppRouter());
app.mount('#app');
