/** Where secrets are kept: the OS keychain, or this process's memory when there is no keychain. */
export interface SecretStore {
  readonly kind: 'keychain' | 'memory';
  /** True when secrets survive a restart (the keychain); false for session-only memory. */
  readonly persistent: boolean;
  /** Why the keychain could not be used, in words a person understands; null when it is used. */
  readonly unavailableReason: string | null;
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when something was removed. */
  delete(account: string): Promise<boolean>;
}
