/** What the embed builder lets a marketer choose. Empty strings mean "leave the default". */
export interface SnippetSettings {
  scriptUrl: string;
  proxyUrl: string;
  lang: string;
  /** `inline` (the form in the page) or `floating` (a launcher in a corner). */
  variant: string;
  /** `on`: the booking add-on's script too, so a visitor can choose a later time. */
  booking?: string;
  ringTime: string;
  timeLimit: string;
  label: string;
  submitLabel: string;
  successMessage: string;
  accent: string;
  radius: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The element's attributes for these settings, in a stable order, unset ones left out. */
export function elementAttributes(settings: SnippetSettings): [string, string][] {
  const attributes: [string, string][] = [
    ['proxy-url', settings.proxyUrl],
    ['variant', settings.variant === 'floating' ? 'floating' : ''],
    ['lang', settings.lang],
    ['ring-time', settings.ringTime],
    ['time-limit', settings.timeLimit],
    ['label', settings.label],
    ['submit-label', settings.submitLabel],
    ['success-message', settings.successMessage],
  ];
  return attributes.filter(([, value]) => value.trim() !== '').map(([name, value]) => [name, value.trim()]);
}

/** The custom properties for these settings. */
export function customProperties(settings: SnippetSettings): [string, string][] {
  const properties: [string, string][] = [];
  if (/^#[0-9a-f]{6}$/i.test(settings.accent)) properties.push(['--ctc-color-accent', settings.accent]);
  if (/^\d+(\.\d+)?$/.test(settings.radius)) properties.push(['--ctc-radius', `${settings.radius}px`]);
  return properties;
}

const style = (rules: string[]) => (rules.length ? ['<style>', ...rules, '</style>'] : []);

/**
 * A snippet to paste as it is into a CMS: the script, a style block (the height reservation
 * that keeps the page from shifting, and the colours), and the element. No inline script, so
 * it also works under a Content-Security-Policy that allows the script's host.
 */
export function buildSnippet(settings: SnippetSettings): string {
  const attributes = elementAttributes(settings)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  const properties = customProperties(settings)
    .map(([name, value]) => ` ${name}: ${value};`)
    .join('');
  // English is built in; another language is a script of its own, beside the element's.
  const lang = settings.lang.trim().toLowerCase();
  const locale =
    lang && lang !== 'en' ? [`<script src="${escapeHtml(settings.scriptUrl.replace(/[^/]*$/, `locales/${lang}.js`))}"></script>`] : [];
  const booking =
    settings.booking === 'on' ? [`<script src="${escapeHtml(settings.scriptUrl.replace(/[^/]*$/, 'booking.js'))}"></script>`] : [];
  return [
    `<script src="${escapeHtml(settings.scriptUrl)}"></script>`,
    ...locale,
    ...booking,
    // A floating element takes no height, so there is nothing to reserve.
    ...style([
      ...(settings.variant === 'floating' ? [] : ['  click-to-call:not(:defined) { display: block; min-height: 6.5rem; }']),
      ...(properties ? [`  click-to-call {${properties} }`] : []),
    ]),
    `<click-to-call${attributes}></click-to-call>`,
  ].join('\n');
}
