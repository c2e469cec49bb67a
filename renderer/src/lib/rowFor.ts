import type { Row } from '../../../shared/contract';
import type { Account, Instance, NodeInfo } from '../../../shared/model';

/**
 * A row to open a drawer on when only the reference is known (a node link, a search hit): the drawer reads
 * the object itself; the row carries the account facts it shows around it.
 */
export function rowFor(
  account: Account,
  object: { id: string; name: string; status?: string },
  kind: 'instances' | 'nodes',
): Row<Instance> | Row<NodeInfo> {
  const base = {
    accountId: account.id,
    provider: account.provider,
    id: object.id,
    name: object.name,
    raw: null,
    accountName: account.name,
    environment: account.environment,
    envColor: account.envColor,
    confirmedAt: '',
  };
  return kind === 'instances'
    ? ({ ...base, status: (object.status ?? 'unknown') as Instance['status'] } as Row<Instance>)
    : ({ ...base, status: (object.status ?? 'unknown') as NodeInfo['status'] } as Row<NodeInfo>);
}
