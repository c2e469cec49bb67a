import type { Capability, Instance, InstanceAction, NodeAction, NodeInfo } from '../../../shared/model';
import type { FleetKind } from '../stores/fleet';

export type FleetAction =
  | { kind: 'instances'; action: InstanceAction; label: string; destructive: boolean; warning: string }
  | { kind: 'nodes'; action: NodeAction; label: string; destructive: boolean; warning: string };

const INSTANCE_ACTIONS: { action: InstanceAction; label: string; destructive: boolean; warning: string }[] = [
  { action: 'rename', label: 'Rename', destructive: false, warning: '' },
  { action: 'update', label: 'Edit', destructive: false, warning: '' },
  { action: 'unsuspend', label: 'Unsuspend', destructive: false, warning: '' },
  {
    action: 'suspend',
    label: 'Suspend',
    destructive: true,
    warning: 'The instance stops serving until it is unsuspended.',
  },
  {
    action: 'delete',
    label: 'Delete',
    destructive: true,
    warning: 'The instance is deleted on the server. This cannot be undone from Hangar.',
  },
];

/** The per-object actions a detail view offers: what the provider declares, fitting the object's state. */
export function availableActions(kind: FleetKind, object: Instance | NodeInfo, capabilities: Capability[]): FleetAction[] {
  if (kind === 'nodes') {
    return capabilities.includes('nodes.delete')
      ? [
          {
            kind: 'nodes',
            action: 'delete',
            label: 'Delete node',
            destructive: true,
            warning: 'The node is removed from the panel, with whatever runs on it.',
          },
        ]
      : [];
  }
  const suspended = object.status === 'suspended';
  return INSTANCE_ACTIONS.filter((a) => capabilities.includes(`instances.${a.action}` as Capability))
    .filter((a) => (a.action === 'suspend' ? !suspended : a.action === 'unsuspend' ? suspended : true))
    .map((a) => ({ kind: 'instances', ...a }));
}
