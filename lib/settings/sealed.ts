import { openDB } from 'idb';

/**
 * Secrets at rest. `storage.local` holds them sealed (AES-GCM) under a key that cannot be exported and lives only in
 * the extension's own IndexedDB. Firefox lets content scripts read `storage.local` (it has no access levels, unlike
 * Chromium); they cannot open the extension's IndexedDB, so all they could read there is ciphertext.
 */
const sealedPrefix = 'sealed1:';
const keyDb = 'trackerdrop-keys';
const keyStore = 'keys';
const keyName = 'secrets';

let keyPromise: Promise<CryptoKey> | undefined;

async function loadOrCreateKey(): Promise<CryptoKey> {
  const db = await openDB(keyDb, 1, { upgrade: (database) => void database.createObjectStore(keyStore) });
  try {
    const stored: unknown = await db.get(keyStore, keyName);
    if (stored instanceof CryptoKey) return stored;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    // Another context may have made one meanwhile: `add` keeps the first, and everyone uses that.
    await db.add(keyStore, key, keyName).catch(() => undefined);
    const kept: unknown = await db.get(keyStore, keyName);
    return kept instanceof CryptoKey ? kept : key;
  } finally {
    db.close();
  }
}

function sealingKey(): Promise<CryptoKey> {
  keyPromise ??= loadOrCreateKey().catch((error: unknown) => {
    keyPromise = undefined;
    throw error;
  });
  return keyPromise;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

export async function seal(secret: string): Promise<string> {
  if (secret === '') return secret;
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await sealingKey(),
    new TextEncoder().encode(secret),
  );
  return sealedPrefix + toBase64(new Uint8Array([...iv, ...new Uint8Array(sealed)]));
}

/**
 * The secret a stored value holds; a value stored before sealing came in is read as it is. Undefined where it
 * cannot be opened (the key is gone with the extension's site data): the user types the secret again.
 */
export async function unseal(stored: string): Promise<string | undefined> {
  if (!stored.startsWith(sealedPrefix)) return stored;
  try {
    const bytes = fromBase64(stored.slice(sealedPrefix.length));
    const opened = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, 12) },
      await sealingKey(),
      bytes.subarray(12),
    );
    return new TextDecoder().decode(opened);
  } catch {
    return undefined;
  }
}
