/**
 * Proof that a person asked for the call: the built-in CAPTCHA checks (each used when its
 * secret is set; the element passes the widget's answer through `ctc-submit`'s detail) and the
 * handler's own `verify` hook. Any failure refuses the call before the provider is asked.
 */
export type CaptchaName = 'turnstile' | 'hcaptcha' | 'recaptcha';

export interface CaptchaSettings {
  secret: string;
  /** The siteverify endpoint; the vendor's by default (a local fake in tests). */
  url?: string;
  /** reCAPTCHA v3 only: the lowest score taken as a person. */
  minScore?: number;
}

/** The body field each widget fills, and where its answer is checked. */
export const captchaVendors: Record<CaptchaName, { field: string; url: string }> = {
  turnstile: { field: 'cf-turnstile-response', url: 'https://challenges.cloudflare.com/turnstile/v0/siteverify' },
  hcaptcha: { field: 'h-captcha-response', url: 'https://api.hcaptcha.com/siteverify' },
  recaptcha: { field: 'g-recaptcha-response', url: 'https://www.google.com/recaptcha/api/siteverify' },
};

export type VerifyHook = (request: Request, body: Record<string, unknown>) => boolean | Promise<boolean>;

export type VerificationVerdict = { ok: true } | { ok: false; code: 'verification-failed' | 'verification-unavailable'; detail: string };

const verifyTimeoutMs = 5000;

async function checkCaptcha(
  name: CaptchaName,
  settings: CaptchaSettings,
  answer: unknown,
  clientAddress: string | undefined,
): Promise<VerificationVerdict> {
  if (typeof answer !== 'string' || answer === '' || answer.length > 4096) {
    return { ok: false, code: 'verification-failed', detail: `${name}: no answer in the body` };
  }
  const form = new URLSearchParams({ secret: settings.secret, response: answer });
  if (clientAddress) form.set('remoteip', clientAddress);
  let result: { success?: unknown; score?: unknown; 'error-codes'?: unknown };
  try {
    const response = await fetch(settings.url ?? captchaVendors[name].url, {
      method: 'POST',
      body: form,
      // The form carries the secret: a redirect is refused, never followed.
      redirect: 'error',
      signal: AbortSignal.timeout(verifyTimeoutMs),
    });
    result = (await response.json()) as typeof result;
  } catch (error) {
    return { ok: false, code: 'verification-unavailable', detail: `${name}: ${(error as Error).name}` };
  }
  if (result.success !== true) {
    return { ok: false, code: 'verification-failed', detail: `${name}: ${JSON.stringify(result['error-codes'] ?? 'refused')}` };
  }
  if (settings.minScore !== undefined && typeof result.score === 'number' && result.score < settings.minScore) {
    return { ok: false, code: 'verification-failed', detail: `${name}: score ${result.score}` };
  }
  return { ok: true };
}

export interface VerificationPolicy {
  captcha: Partial<Record<CaptchaName, CaptchaSettings>>;
  verify: VerifyHook | undefined;
}

/**
 * Runs every configured check of one request. `request` makes the web Request the hook is given,
 * only when there is a hook (a Node request has none until asked).
 */
export async function verifyRequest(
  request: () => Request,
  body: Record<string, unknown>,
  clientAddress: string | undefined,
  policy: VerificationPolicy,
): Promise<VerificationVerdict> {
  const { captcha: captchas, verify: hook } = policy;
  for (const [name, settings] of Object.entries(captchas) as [CaptchaName, CaptchaSettings | undefined][]) {
    if (!settings) continue;
    const verdict = await checkCaptcha(name, settings, body[captchaVendors[name].field], clientAddress);
    if (!verdict.ok) return verdict;
  }
  if (!hook) return { ok: true };
  try {
    if (await hook(request(), body)) return { ok: true };
    return { ok: false, code: 'verification-failed', detail: 'the verify hook refused' };
  } catch (error) {
    return { ok: false, code: 'verification-unavailable', detail: `the verify hook threw: ${(error as Error).message}` };
  }
}
