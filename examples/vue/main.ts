import { createApp } from 'vue';
import 'click-to-call/register';
import App from './App.vue';

createApp(App).mount('#app');
