/** Where account secrets live. Keyed by account id; the value is a JSON object of the secret fields. */
export interface SecretStore {
  /** Human name for app.info and errors ("Secret Service", "memory"). */
  readonly kind: string;
  get(accountId: string): Promise<Record<string, string> | null>;
  set(accountId: string, secrets: Record<string, string>): Promise<void>;
  delete(accountId: string): Promise<void>;
}
