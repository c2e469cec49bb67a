/** Object shapes the Skyport panel stores and returns (apis.md §3.3), as the simulator keeps them. */

export type SkyNodeStatus = 'Unconfigured' | 'Configured' | 'Online' | 'Offline' | 'Unknown';

export interface SkyNode {
  id: string;
  name: string;
  tags: string;
  ram: string;
  disk: string;
  processor: string;
  address: string;
  port: string;
  /** The node daemon's key (basic-auth password of user "Skyport"); null until the daemon registers. */
  apiKey: string | null;
  /** One-time key a new daemon registers with; cleared once configured. */
  configureKey: string | null;
  status: SkyNodeStatus;
  versionFamily?: number;
  versionRelease?: string;
  remote?: string;
  docker?: { status: string; systemInfo: Record<string, unknown> };
}

export type InternalState = 'INSTALLING' | 'READY' | 'FAILED' | 'UNKNOWN';

export interface SkyInstance {
  Name: string;
  Id: string;
  VolumeId: string;
  /** The node object as it was stored at deploy time (the real panel embeds it, apiKey included). */
  Node: SkyNode;
  User: string;
  InternalState: InternalState;
  ContainerId?: string | null;
  Memory: number;
  Cpu: number;
  Ports: string;
  Primary: unknown;
  Image: string;
  AltImages: string[];
  StopCommand?: string;
  imageData?: SkyImage;
  Env: string[];
  suspended?: boolean;
  'suspended-flagg'?: string;
}

export interface SkyUser {
  userId: string;
  username: string;
  email: string;
  /** bcrypt hash. */
  password: string;
  accessTo: string[];
  admin: boolean;
  verified?: boolean;
  resetToken?: string;
}

export interface SkyImage {
  Id: string;
  Name: string;
  Description: string;
  Author: string;
  AuthorName: string;
  Image: string;
  AltImages?: string[];
  Cmd: string;
  Env: string[];
  StopCommand?: string;
  features?: string[];
  Scripts: { Install: { Uri: string; Path: string }[] };
  Variables?: Record<string, { type: string; default: string; required: boolean }>;
  Meta: { Version: string };
}

export interface SkyApiKey {
  id: string;
  key: string;
  createdAt: string;
}
