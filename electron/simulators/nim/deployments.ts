import { Rng } from '../kit/rng';

export interface SimDeployment {
  id: string;
  createTime: string;
  updateTime: string;
  status: 'pending' | 'finalized' | 'failed';
  message: string;
  /** Instance uid and the name NIM shows for it in `details`. */
  targets: { uid: string; name: string; /** Set per target for group deployments. */ result?: { ok: boolean; message?: string } }[];
  failMessage?: string;
}

/** Publish deployments: created pending, then finalized or failed, kept for later polls. */
export class DeploymentStore {
  private readonly byId = new Map<string, SimDeployment>();
  private readonly lastByInstance = new Map<string, SimDeployment>();
  private readonly rng: Rng;

  constructor(seed: string) {
    this.rng = new Rng(`nim:deployments:${seed}`);
  }

  create(targets: SimDeployment['targets'], now: Date): SimDeployment {
    const d: SimDeployment = {
      id: this.rng.uuid(),
      createTime: now.toISOString(),
      updateTime: now.toISOString(),
      status: 'pending',
      message: 'Instance config publish in progress',
      targets,
    };
    this.byId.set(d.id, d);
    for (const t of targets) this.lastByInstance.set(t.uid, d);
    return d;
  }

  get(id: string): SimDeployment | undefined {
    return this.byId.get(id);
  }

  /** The latest deployment to an instance, as `lastDeploymentDetails` shows it. */
  lastFor(instanceUid: string): Record<string, unknown> | undefined {
    const d = this.lastByInstance.get(instanceUid);
    return d ? deploymentJson(d) : undefined;
  }

  finalize(d: SimDeployment, now: Date): void {
    d.status = 'finalized';
    d.updateTime = now.toISOString();
    d.message = `Instance config successfully published to ${d.targets.map((t) => t.name).join(', ')}`;
  }

  /** A group deployment: each target has its own result; failed when any failed. */
  settle(d: SimDeployment, now: Date): void {
    const failed = d.targets.filter((t) => t.result && !t.result.ok);
    d.updateTime = now.toISOString();
    if (failed.length === 0) {
      d.status = 'finalized';
      d.message = `Instance group config successfully published to ${d.targets.map((t) => t.name).join(', ')}`;
    } else {
      d.status = 'failed';
      d.failMessage = failed[0].result?.message;
      d.message = `Instance group config publish failed on ${failed.map((t) => t.name).join(', ')} (${d.targets.length - failed.length} of ${d.targets.length} succeeded)`;
    }
  }

  fail(d: SimDeployment, failMessage: string, now: Date): void {
    d.status = 'failed';
    d.updateTime = now.toISOString();
    d.failMessage = failMessage;
    d.message = `Instance config publish failed on ${d.targets.map((t) => t.name).join(', ')}`;
  }
}

/** The deployment as GET /systems/instances/deployments/{id} answers it; success and failure are always arrays. */
export function deploymentJson(d: SimDeployment): Record<string, unknown> {
  if (d.targets.some((t) => t.result)) return groupDeploymentJson(d);
  const names = d.targets.map((t) => ({ name: t.name }));
  const details: Record<string, unknown> = {
    pending: d.status === 'pending' ? names : [],
    success: d.status === 'finalized' ? names : [],
    failure: d.status === 'failed' ? d.targets.map((t) => ({ name: t.name, failMessage: d.failMessage ?? '' })) : [],
  };
  if (d.status === 'failed') {
    details.error = JSON.stringify(Object.fromEntries(d.targets.map((t) => [`instance:${t.uid}`, d.failMessage ?? ''])));
  }
  return { id: d.id, createTime: d.createTime, updateTime: d.updateTime, status: d.status, message: d.message, details };
}

function groupDeploymentJson(d: SimDeployment): Record<string, unknown> {
  const pending = d.targets.filter((t) => !t.result);
  const ok = d.targets.filter((t) => t.result?.ok);
  const bad = d.targets.filter((t) => t.result && !t.result.ok);
  const details: Record<string, unknown> = {
    pending: d.status === 'pending' ? pending.map((t) => ({ name: t.name })) : [],
    success: ok.map((t) => ({ name: t.name })),
    failure: bad.map((t) => ({ name: t.name, failMessage: t.result?.message ?? '' })),
  };
  if (bad.length) details.error = JSON.stringify(Object.fromEntries(bad.map((t) => [`instance:${t.uid}`, t.result?.message ?? ''])));
  return { id: d.id, createTime: d.createTime, updateTime: d.updateTime, status: d.status, message: d.message, details };
}
