import { z } from 'zod';
import { ENVIRONMENTS, PROVIDER_IDS, type Account } from '../model';
import { channel, id, noInput } from './define';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #d03050');

export const baseUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'an http(s) URL without credentials in it');

/** Secrets travel renderer → main only here, and are never returned by any channel. */
export const secretsSchema = z.record(z.string().min(1).max(64), z.string().max(16_384));

export const accountFieldsSchema = z.record(z.string().min(1).max(64), z.string().max(4_096));

export const tlsSchema = z
  .object({
    caPem: z.string().max(1_000_000).optional(),
    insecure: z.boolean().default(false),
  })
  .strict();

/** The draft's fields without defaults, so a patch built from them leaves what it does not name alone. */
const accountShape = {
  name: z.string().trim().min(1).max(100),
  provider: z.enum(PROVIDER_IDS),
  baseUrl: baseUrlSchema,
  environment: z.enum(ENVIRONMENTS),
  envLabel: z.string().trim().max(40).optional(),
  envColor: hexColor.optional(),
  authMethod: z.enum(['basic', 'bearer', 'apiKey', 'login', 'token', 'password']),
  fields: accountFieldsSchema,
  secrets: secretsSchema,
  tls: tlsSchema,
  pollIntervalSec: z.number().int().min(10).max(86_400),
};

export const accountDraftSchema = z
  .object({
    ...accountShape,
    fields: accountShape.fields.default({}),
    secrets: accountShape.secrets.default({}),
    tls: accountShape.tls.default({ insecure: false }),
    pollIntervalSec: accountShape.pollIntervalSec.default(60),
  })
  .strict();
export type AccountDraft = z.input<typeof accountDraftSchema>;

/** Only what is named changes; `secrets` given are merged over the stored ones. */
export const accountPatchSchema = z
  .object(accountShape)
  .omit({ provider: true })
  .partial()
  .extend({ id })
  .strict();
export type AccountPatch = z.input<typeof accountPatchSchema>;

export interface AccountTestResult {
  ok: boolean;
  latencyMs: number;
  /** What the server said about who we are / what we see, e.g. "12 instances". */
  summary: string;
  error?: { code: string; message: string };
}

export const accountChannels = {
  'accounts.list': channel<Account[]>()(noInput),
  'accounts.get': channel<Account>()(z.object({ id }).strict()),
  /** Tests the connection first unless `verify` is false; nothing is saved when the test fails. */
  'accounts.add': channel<Account>()(accountDraftSchema.extend({ verify: z.boolean().default(true) }).strict()),
  'accounts.update': channel<Account>()(accountPatchSchema.extend({ verify: z.boolean().default(true) }).strict()),
  'accounts.remove': channel<{ removed: true }>()(z.object({ id }).strict()),
  'accounts.test': channel<AccountTestResult>()(z.object({ id }).strict()),
  /** Tests an unsaved draft (the form's "Test connection"). */
  'accounts.probe': channel<AccountTestResult>()(accountDraftSchema),
} as const;
