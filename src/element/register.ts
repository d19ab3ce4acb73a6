/** Importing this file defines `<click-to-call>`: `import 'click-to-call/register'`. */
import { defineClickToCall } from './define.js';

defineClickToCall();
