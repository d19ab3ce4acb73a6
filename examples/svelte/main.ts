import { mount } from 'svelte';
import 'click-to-call/register';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
