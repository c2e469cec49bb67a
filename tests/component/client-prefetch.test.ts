import { describe, expect, it } from 'vitest';
import { ApiError, createClient } from '../../renderer/src/api/client';
import type { HangarBridge } from '../../shared/events';

function bridge(answer: (channel: string, input: unknown) => unknown = () => ({ ok: true, value: { total: 0, rows: [] } })) {
  const calls: { channel: string; input: unknown }[] = [];
  const b: HangarBridge = {
    invoke: async (channel: string, input: unknown) => {
      calls.push({ channel, input });
      return answer(channel, input);
    },
    onEvent: () => () => {},
  } as HangarBridge;
  return { b, calls };
}

describe('client.prefetch: the first page asked for while the app mounts', () => {
  it('the first call with the same channel and input takes the early answer; the next one asks again', async () => {
    const { b, calls } = bridge();
    const client = createClient(b);
    client.prefetch('instances.query', { offset: 0, limit: 50 });
    expect(calls).toHaveLength(1);
    await client.call('instances.query', { offset: 0, limit: 50 });
    expect(calls).toHaveLength(1);
    await client.call('instances.query', { offset: 0, limit: 50 });
    expect(calls).toHaveLength(2);
  });

  it('another input is asked for, and the early answer is not used after its age', async () => {
    const { b, calls } = bridge();
    let now = 1000;
    const client = createClient(b, () => now);
    client.prefetch('instances.query', { offset: 0, limit: 50 }, 300);
    await client.call('instances.query', { offset: 50, limit: 50 });
    expect(calls).toHaveLength(2);
    now += 301;
    await client.call('instances.query', { offset: 0, limit: 50 });
    expect(calls).toHaveLength(3);
  });

  it('a failed early answer fails the call that takes it, typed, and an untaken one raises nothing', async () => {
    const { b } = bridge(() => ({ ok: false, error: { code: 'SERVER', message: 'cache locked' } }));
    const client = createClient(b);
    client.prefetch('instances.query', { offset: 0, limit: 50 });
    client.prefetch('nodes.query', { offset: 0, limit: 50 });
    const error = await client.call('instances.query', { offset: 0, limit: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('SERVER');
  });
});
