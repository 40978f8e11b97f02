// Secrets are never echoed: messages and warnings print what was given, except where it may be a secret. A
// value is taken for a secret by where it sits (the prop, or the key of an object or JSON string), since its
// text alone cannot tell: `windowsProfile.adminPassword`, `clientSecret`, `{ "password": ... }`, `Password=...;`.

/** What a message prints instead of a secret. */
export const REDACTED = '********';

/** Words that name a secret when a key ends with them: `adminPassword`, `client_secret`, `sasToken`. */
const SECRET_ENDINGS = ['password', 'passwords', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'connectionstring', 'connectionstrings'];
/** Words that name a secret when they are the key's last word: `pwd`, `sas`, `sig` (a SAS signature). */
const SECRET_WORDS = new Set(['pwd', 'sas', 'sig', 'signature', 'authorization', 'cookie']);
/** Words before `key` that make it a secret one (`accountKey`, `primary_access_key`); a `labelKey` is not. */
const SECRET_KEY_KINDS = new Set(['private', 'api', 'access', 'account', 'shared', 'master', 'storage', 'subscription', 'signing', 'encryption', 'primary', 'secondary', 'instrumentation', 'function', 'host', 'admin', 'client', 'auth', 'sas', 'secret', 'service', 'symmetric', 'decryption', 'hmac']);

/** A key's words, lower case: `adminPassword` and `ADMIN_PASSWORD` are `admin password`, `APIKey` is `api key`. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Whether a key names a secret: its last word is a secret (`password`, `secret`, `token`, `credentials`,
 * `connectionString`, a bare `key` or an `accountKey`, `apiKey`, `primary_access_key`), or a secret's value (`secretValue`, `passwordData`).
 * `inText` is for keys found in free text (`key=value`), where a bare `key` is most often a label's or a taint's.
 */
export function isSecretKey(key: string, inText = false): boolean {
  const all = words(key);
  if (all.length === 0) return false;
  const secret = (w: string, i: number) =>
    SECRET_ENDINGS.some((s) => w.endsWith(s)) ||
    SECRET_WORDS.has(w) ||
    (all[i - 1] === 'connection' && /^strings?$/.test(w)) ||
    (/^keys?$/.test(w) && (i > 0 ? SECRET_KEY_KINDS.has(all[i - 1]) : !inText)) ||
    /^(private|api|access|account|shared|master|storage|subscription)keys?$/.test(w);
  const last = all.length - 1;
  if (secret(all[last], last)) return true;
  // `secretValue`, `password_data`: the secret's value. Other words after a secret name data about it
  // (`secretRotationInterval`, `keyVaultSecretId`, `passwordAuthenticationDisabled`).
  return last > 0 && /^(value|values|data|text|content|contents|plain|plaintext|raw|b64|base64)$/.test(all[last]) && secret(all[last - 1], last - 1);
}

/**
 * The keys of a prop as messages name it: `windowsProfile.adminPassword`, `tags['password']`, `clientSecret[0]`,
 * `addNodePool('apps').nodeLabels`. Words after a space describe the prop (`nodeLabels key`, `schema name`: the
 * value is a key or a name, not what is stored under it) and are not keys.
 */
function propKeys(prop: string): string[] {
  const keys: string[] = [];
  const part = /\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|[^\]]*)\s*\]|\((?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^)])*\)|\.|([^.[\]\s()]+)/y;
  for (let m = part.exec(prop); m !== null && m[0] !== ''; m = part.exec(prop)) {
    const key = m[1] ?? m[2] ?? m[3];
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/** Whether a prop is a secret, or sits in one: any of its keys names a secret. */
export function isSecretProp(prop: unknown): boolean {
  return typeof prop === 'string' && propKeys(prop).some((k) => isSecretKey(k));
}

/** `key = value`, `key: value`, `"key": value` in free text, for the key. */
const ASSIGNMENT = /([A-Za-z_][\w.-]*)["']?\s*[:=]/g;
/** A URL with a password in it: `https://user:pass@host`. */
const USER_INFO = /\/\/[^/\s:@]*:[^/\s@]+@/;

/**
 * Text with its secrets hidden. JSON text (what `JSON.stringify(props)` gives) keeps its shape, with the values
 * of secret keys hidden; other text that assigns a secret key (`Password=...;`, `password: ...`) or holds a URL
 * with a password is hidden whole, since where its value ends cannot be told for sure.
 */
export function redactText(text: string): string {
  const trimmed = text.trim();
  if (/^[[{"]/.test(trimmed)) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const hidden = redactValue(parsed);
      if (typeof parsed === 'object' && parsed !== null) return JSON.stringify(hidden) === JSON.stringify(parsed) ? text : JSON.stringify(hidden);
      if (typeof parsed === 'string') return hidden === parsed ? text : REDACTED;
    } catch {
      // Not JSON: read as free text.
    }
  }
  if (USER_INFO.test(text)) return REDACTED;
  for (const [, key] of text.matchAll(ASSIGNMENT)) {
    if (key.split('.').some((k) => isSecretKey(k, true))) return REDACTED;
  }
  return text;
}

/** Binary data (a Buffer, a typed array): its bytes are never printed, whatever they hold. */
export function isBinary(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer);
}

/** How binary data prints: `<Buffer of 14 bytes>`. */
export function binaryText(value: ArrayBufferView | ArrayBuffer): string {
  return `<${(value as object).constructor?.name || 'binary data'} of ${value.byteLength} bytes>`;
}

/**
 * A value as it may be printed: strings, boxed strings, and every value under a secret key inside objects and
 * lists, hidden; binary data as its kind. For JSON values (parsed text); `show` does the same on any value.
 */
function redactValue(value: unknown, secret = false): unknown {
  if (secret && value !== null && typeof value !== 'boolean') return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, isSecretKey(k))]));
  return value;
}
