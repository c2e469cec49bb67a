import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiandaSimulator } from '../../../electron/simulators/kianda';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';

const USER = 'admin@kianda.test';
const PASS = 'correct horse battery';
const SUB = 'sub-1234';

let sim: RunningSimulator;

async function getToken(s: RunningSimulator, form: Record<string, string>, path = '/token') {
  const res = await fetch(`${s.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const goodForm = { username: USER, password: PASS, scope: SUB, grant_type: 'password' };

async function api(method: string, path: string, token: string | undefined, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

let token: string;

beforeAll(async () => {
  sim = await startKiandaSimulator({ seed: 'contract', instances: 12, username: USER, password: PASS, subscriptionId: SUB });
  token = (await getToken(sim, goodForm)).body.access_token;
});
afterAll(() => sim.close());

describe('Kianda simulator: token endpoint', () => {
  it('grants a bearer token with the documented fields on /token and /Token', async () => {
    for (const path of ['/token', '/Token']) {
      const r = await getToken(sim, goodForm, path);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        token_type: 'bearer',
        expires_in: 299,
        userName: USER,
        subscriptionId: SUB,
        hostURL: sim.baseUrl,
      });
      for (const k of ['access_token', 'userId', 'securityStamp', '.issued', '.expires']) expect(typeof r.body[k]).toBe('string');
      expect(Date.parse(r.body['.expires']) - Date.parse(r.body['.issued'])).toBe(299_000);
    }
  });

  it('refuses wrong credentials OAuth2-style', async () => {
    const wrongPass = await getToken(sim, { ...goodForm, password: 'nope' });
    expect(wrongPass.status).toBe(400);
    expect(wrongPass.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await getToken(sim, { ...goodForm, username: 'someone' })).body.error).toBe('invalid_grant');
    expect((await getToken(sim, { ...goodForm, scope: 'other-sub' })).body.error).toBe('invalid_scope');
    expect((await getToken(sim, { ...goodForm, grant_type: 'client_credentials' })).body.error).toBe('unsupported_grant_type');
    const asJson = await fetch(`${sim.baseUrl}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(goodForm) });
    expect(asJson.status).toBe(400);
    expect(((await asJson.json()) as any).error).toBe('invalid_request');
  });

  it('requires a live bearer token on every /api call (401)', async () => {
    for (const t of [undefined, 'forged-token']) {
      const r = await api('GET', '/api/instances/new-employee-1/fields', t);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ Message: 'Authorization has been denied for this request.' });
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('expires tokens after tokenTtlSec', async () => {
    let now = Date.now();
    const short = await startKiandaSimulator({ seed: 'ttl', username: USER, password: PASS, subscriptionId: SUB, tokenTtlSec: 1, now: () => now });
    try {
      const t = await getToken(short, goodForm);
      expect(t.body.expires_in).toBe(1);
      const name = short.account.fields.watch.split(',')[0].replace(/\{1\.\.\d+\}$/, '1');
      const read = () => fetch(`${short.baseUrl}/api/instances/${name}/fields`, { headers: { authorization: `Bearer ${t.body.access_token}` } });
      expect((await read()).status).toBe(200);
      now += 999;
      expect((await read()).status).toBe(200);
      now += 1;
      expect((await read()).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('revokes every token through the admin route', async () => {
    const t = (await getToken(sim, goodForm)).body.access_token;
    expect((await api('GET', '/api/instances/new-employee-1/fields', t)).status).toBe(200);
    await fetch(`${sim.baseUrl}/__sim/revoke`, { method: 'POST' });
    expect((await api('GET', '/api/instances/new-employee-1/fields', t)).status).toBe(401);
    token = (await getToken(sim, goodForm)).body.access_token;
  });
});

describe('Kianda simulator: instances', () => {
  it('reads all fields, or the named ones with the missing ones listed', async () => {
    const all = await api('GET', '/api/instances/training-approval-request-1/fields', token);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ name: 'training-approval-request-1', processName: 'training-approval-request', version: expect.any(Number) });
    expect(['draft', 'in-progress', 'completed', 'cancelled']).toContain(all.body.status);
    expect(all.body.fields.map((f: any) => f.fieldname)).toEqual(expect.arrayContaining(['title', 'requester', 'reason']));
    for (const f of all.body.fields) expect(Object.keys(f).sort()).toEqual(['fieldname', 'text', 'value']);

    const some = await api('GET', '/api/instances/training-approval-request-1/fields?names=reason,nosuch', token);
    expect(some.body.fields.map((f: any) => f.fieldname)).toEqual(['reason']);
    expect(some.body.missing).toEqual(['nosuch']);
  });

  it('answers 404 for an unknown instance or path, 405 for a wrong method', async () => {
    expect((await api('GET', '/api/instances/ghost-1/fields', token)).status).toBe(404);
    const path = await api('GET', '/api/nothing', token);
    expect(path.status).toBe(404);
    expect(path.body.Message).toMatch(/No HTTP resource/);
    expect((await api('DELETE', '/api/instances/new-employee-1', token)).status).toBe(405);
  });

  it('creates a process instance from the documented request body', async () => {
    const r = await api('POST', '/api/instances/create', token, {
      processName: 'new-employee',
      instanceID: 'new-employee-onboarding-7',
      TriggerField: '',
      FieldsMappings: [{ fieldname: 'reason', text: 'New employee', value: 'New employee' }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'new-employee-onboarding-7',
      processName: 'new-employee',
      version: 1,
      status: 'draft',
      createdBy: USER,
      fields: [{ fieldname: 'reason', text: 'New employee', value: 'New employee' }],
    });
    const again = await api('POST', '/api/instances/create', token, { processName: 'new-employee', instanceID: 'new-employee-onboarding-7', FieldsMappings: [] });
    expect(again.status).toBe(409);
  });

  it('names an instance itself when instanceID is empty, and submits it when a TriggerField is given', async () => {
    const r = await api('POST', '/api/instances/create', token, { processName: 'leave-request', instanceID: '', TriggerField: 'submit', FieldsMappings: [] });
    expect(r.status).toBe(201);
    expect(r.body.name).toMatch(/^leave-request-\d+$/);
    expect(r.body.status).toBe('in-progress');
  });

  it('validates create bodies', async () => {
    expect((await api('POST', '/api/instances/create', token, { instanceID: 'x' })).status).toBe(400);
    expect((await api('POST', '/api/instances/create', token, { processName: 'no-such-process' })).status).toBe(400);
    expect((await api('POST', '/api/instances/create', token, { processName: 'new-employee', instanceID: 'bad name!' })).status).toBe(400);
    const bad = await api('POST', '/api/instances/create', token, { processName: 'new-employee', FieldsMappings: [{ text: 'no name' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toMatch(/fieldname/);
  });

  it('updates with PUT against the current version and refuses a stale one with 409', async () => {
    const before = (await api('GET', '/api/instances/expense-claim-1/fields', token)).body;
    const put = await api('PUT', '/api/instances/expense-claim-1', token, {
      version: before.version,
      status: 'completed',
      FieldsMappings: [{ fieldname: 'amount', text: '120', value: 120 }],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: before.version + 1, status: 'completed', fields: [{ fieldname: 'amount', text: '120', value: 120 }] });

    const stale = await api('PUT', '/api/instances/expense-claim-1', token, { version: before.version, FieldsMappings: [] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ Message: expect.stringMatching(/version/), currentVersion: before.version + 1 });
    expect((await api('PUT', '/api/instances/expense-claim-1', token, { FieldsMappings: [] })).status).toBe(400);
    expect((await api('PUT', '/api/instances/ghost-9', token, { version: 1, FieldsMappings: [] })).status).toBe(404);
  });

  it('partially updates with PATCH (version optional, checked when sent)', async () => {
    const before = (await api('GET', '/api/instances/purchase-order-1/fields', token)).body;
    const patched = await api('PATCH', '/api/instances/purchase-order-1', token, { fieldsmappings: [{ fieldname: 'reason', value: 'Conference' }] });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(before.version + 1);
    expect(patched.body.fields.find((f: any) => f.fieldname === 'reason')).toEqual({ fieldname: 'reason', text: 'Conference', value: 'Conference' });
    expect(patched.body.fields.length).toBe(before.fields.length);

    const stale = await api('PATCH', '/api/instances/purchase-order-1', token, { version: before.version, status: 'cancelled' });
    expect(stale.status).toBe(409);
    expect((await api('PATCH', '/api/instances/purchase-order-1', token, { status: 'bogus' })).status).toBe(400);
    expect((await api('PATCH', '/api/instances/purchase-order-1', token, {})).status).toBe(400);
  });
});

describe('Kianda simulator: seed and clock', () => {
  it('lists every seeded name as ranges in the account watch field', async () => {
    const s = await startKiandaSimulator({ seed: 'w', instances: 4000 });
    try {
      const watch = s.account.fields.watch;
      expect(watch.length).toBeLessThan(4096);
      const total = watch.split(',').reduce((n, part) => {
        const m = /\{1\.\.(\d+)\}$/.exec(part);
        return n + (m ? Number(m[1]) : 1);
      }, 0);
      expect(total).toBe(4000);
      expect(s.account).toMatchObject({ authMethod: 'password', fields: { username: expect.any(String), subscriptionId: expect.any(String) } });
    } finally {
      await s.close();
    }
  });

  it('moves instance statuses and versions on clock ticks', async () => {
    const s = await startKiandaSimulator({ seed: 'clock', instances: 3, username: USER, password: PASS, subscriptionId: SUB });
    try {
      const t = (await getToken(s, goodForm)).body.access_token;
      const read = async () =>
        Promise.all(
          ['training-approval-request-1', 'new-employee-1', 'expense-claim-1'].map(async (n) =>
            ((await (await fetch(`${s.baseUrl}/api/instances/${n}/fields`, { headers: { authorization: `Bearer ${t}` } })).json()) as any),
          ),
        );
      for (let step = 0; step < 5; step++) {
        const before = await read();
        s.clock.tick(1);
        const after = await read();
        // Every clock move changes exactly one instance's status and bumps its version by one.
        const moved = before.filter((b, i) => b.status !== after[i].status);
        expect(moved).toHaveLength(1);
        expect(after.reduce((n, i) => n + i.version, 0)).toBe(before.reduce((n, i) => n + i.version, 0) + 1);
      }
    } finally {
      await s.close();
    }
  });
});
