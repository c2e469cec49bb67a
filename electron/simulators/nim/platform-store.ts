import { Rng } from '../kit/rng';

export interface SimUser {
  metadata: { name: string; displayName: string; description: string; createTime: string };
  userDef: { email: string; firstName: string; lastName: string; groups: { ref: string }[]; roles: { ref: string }[] };
}

export interface SimRole {
  metadata: { kind: 'role'; name: string; displayName: string; description: string; tags: string[]; createTime: string };
  roleDef: { permissions: { feature: string; accessTypes: string[]; objects?: { resource: string; values: string[] }[] }[] };
}

export interface SimCert {
  name: string;
  certPEMDetails: { type: 'PEM'; publicCert: string; caCerts: string[] };
  certMetadata: { subject: string; issuer: string; notBefore: string; notAfter: string; serialNumber: string; fingerprint: string };
  instanceRefs: string[];
  createTime: string;
  updateTime: string;
}

export interface ScanStatus {
  completionTime: string;
  duration: number;
  endpointsScanned: number;
  nginxFound: number;
  percentageComplete: number;
  request: { cidr: string; portRanges: string[]; hostDiscovery: string };
  serversFound: number;
  status: 'complete';
}

export interface StagedConfig {
  uid: string;
  configName: string;
  createTime: string;
  updateTime: string;
  payload: Record<string, unknown>;
}

/** RBAC users and roles, certificates, network scans and staged configs: small, in memory, seeded. */
export class PlatformStore {
  readonly users = new Map<string, SimUser>();
  readonly roles = new Map<string, SimRole>();
  readonly certs = new Map<string, SimCert>();
  readonly staged = new Map<string, StagedConfig>();
  lastScan: ScanStatus | undefined;
  private readonly rng: Rng;

  constructor(seed: string, adminName: string, prefix: string) {
    this.rng = new Rng(`nim:platform:${seed}`);
    const created = '2025-05-01T00:00:00Z';
    this.roles.set('admin', {
      metadata: { kind: 'role', name: 'admin', displayName: 'Admin', description: 'Full access', tags: [], createTime: created },
      roleDef: { permissions: [{ feature: 'ADMIN', accessTypes: ['CREATE', 'READ', 'UPDATE', 'DELETE'] }] },
    });
    this.roles.set('viewer', {
      metadata: { kind: 'role', name: 'viewer', displayName: 'Viewer', description: 'Read-only access to instances', tags: [], createTime: created },
      roleDef: { permissions: [{ feature: 'INSTANCE-MANAGEMENT', accessTypes: ['READ'], objects: [{ resource: 'Systems', values: ['*'] }] }] },
    });
    for (const name of [adminName, 'viewer-bot']) {
      this.users.set(name, {
        metadata: { name, displayName: name, description: name === adminName ? 'Administrator' : 'Dashboard account', createTime: created },
        userDef: {
          email: `${name}@example.com`,
          firstName: name,
          lastName: 'User',
          groups: [],
          roles: [{ ref: `${prefix}/roles/${name === adminName ? 'admin' : 'viewer'}` }],
        },
      });
    }
    for (const name of ['example-com', 'internal-ca']) {
      this.certs.set(name, this.newCert(name, [], created));
    }
  }

  newCert(name: string, instanceRefs: string[], now: string): SimCert {
    return {
      name,
      certPEMDetails: { type: 'PEM', publicCert: `-----BEGIN CERTIFICATE-----\n${this.rng.hex(64)}\n-----END CERTIFICATE-----`, caCerts: [] },
      certMetadata: {
        subject: `CN=${name.replace(/-/g, '.')}`,
        issuer: 'CN=Hangar Simulated CA',
        notBefore: '2025-01-01T00:00:00Z',
        notAfter: '2027-01-01T00:00:00Z',
        serialNumber: this.rng.hex(16),
        fingerprint: this.rng.hex(64),
      },
      instanceRefs,
      createTime: now,
      updateTime: now,
    };
  }

  uid(): string {
    return this.rng.uuid();
  }
}
