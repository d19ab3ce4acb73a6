/** The account's credentials, as the provider's URL carries them. */
export interface Credentials {
  userId: string;
  token: string;
}

const redacted = '[redacted]';

const escapeForRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Returns what removes the account's credentials from a text: the values of `user_id=` and
 * `token=` parameters, whatever they are (an echoed URL of another account, say), and the
 * credentials themselves wherever they stand, plain or URL-encoded. For any text the provider
 * sends back (some servers repeat the request, URL and all, in their error messages) before it
 * is logged or kept, and for every log line. `others` are further secrets to remove wherever
 * they stand (the push-report URL's).
 */
export function credentialRedactor({ userId, token }: Credentials, others: readonly string[] = []): (text: string) => string {
  const secrets = [...new Set([token, encodeURIComponent(token), ...others])].filter((secret) => secret.length > 0).map(escapeForRegExp);
  const patterns = [
    /\b(user_id|token)=[^&\s"'<>]*/gi,
    ...(secrets.length > 0 ? [new RegExp(secrets.join('|'), 'g')] : []),
    // The user id is a number: only where it stands alone, not inside a longer one.
    ...(userId ? [new RegExp(`(?<!\\d)${escapeForRegExp(userId)}(?!\\d)`, 'g')] : []),
  ];
  // Nearly every text holds none of them: one test first, the replacements only when it finds one.
  const suspect = new RegExp(patterns.map((pattern) => pattern.source).join('|'), 'i');
  return (text) =>
    suspect.test(text)
      ? patterns.reduce(
          (scrubbed, pattern) =>
            scrubbed.replace(pattern, (_match, name?: string) => (typeof name === 'string' ? `${name}=${redacted}` : redacted)),
          text,
        )
      : text;
}
