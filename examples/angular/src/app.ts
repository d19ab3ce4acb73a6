import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { CtcErrorDetail, CtcSuccessDetail } from 'click-to-call';

// CUSTOM_ELEMENTS_SCHEMA lets the template use <click-to-call>; [prop] sets the element's
// property, and (ctc-success) listens to its event.
@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Talk to us</h1>
      <click-to-call [proxyUrl]="proxyUrl" [ringTime]="20" (ctc-success)="onSuccess($event)" (ctc-error)="onError($event)"></click-to-call>
      <p role="status">{{ status() }}</p>
    </main>
  `,
})
export class App {
  readonly proxyUrl = '/call';
  readonly status = signal('Waiting');

  onSuccess(event: Event) {
    this.status.set(`Calling you: ${(event as CustomEvent<CtcSuccessDetail>).detail.callId}`);
  }

  onError(event: Event) {
    this.status.set(`Error: ${(event as CustomEvent<CtcErrorDetail>).detail.code}`);
  }
}
