import { friendlyName, type Rng } from '../kit/rng';
import type { SkyImage, SkyInstance, SkyNode, SkyUser } from './model';

/** Image catalogue in the skyportlabs/images_v2 shape (what `npm run seed` writes). */
export function seedImages(rng: Rng): SkyImage[] {
  const meta = { Version: 'Skyport Images v2' };
  return [
    {
      Id: rng.uuid(),
      Name: 'Paper',
      Description: 'High performance Minecraft server',
      Author: 'hello@skyport.dev',
      AuthorName: 'Skyport Labs',
      Image: 'ghcr.io/skyportlabs/images:java21',
      AltImages: ['ghcr.io/skyportlabs/images:java17', 'ghcr.io/skyportlabs/images:java8'],
      Cmd: 'java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar server.jar',
      Env: ['START=java -jar server.jar', 'EULA=true'],
      StopCommand: 'stop',
      features: ['eula'],
      Scripts: { Install: [{ Uri: 'https://api.papermc.io/v2/projects/paper/versions/1.21.1/builds/119/downloads/paper-1.21.1-119.jar', Path: 'server.jar' }] },
      Variables: { MINECRAFT_VERSION: { type: 'text', default: '1.21.1', required: true } },
      Meta: meta,
    },
    {
      Id: rng.uuid(),
      Name: 'Node.js',
      Description: 'A generic Node.js runtime',
      Author: 'hello@skyport.dev',
      AuthorName: 'Skyport Labs',
      Image: 'ghcr.io/skyportlabs/images:nodejs20',
      AltImages: ['ghcr.io/skyportlabs/images:nodejs18'],
      Cmd: 'npm start',
      Env: ['START=npm start'],
      Scripts: { Install: [] },
      Meta: meta,
    },
    {
      Id: rng.uuid(),
      Name: 'Python',
      Description: 'A generic Python runtime',
      Author: 'hello@skyport.dev',
      AuthorName: 'Skyport Labs',
      Image: 'ghcr.io/skyportlabs/images:python3.12',
      Cmd: 'python main.py',
      Env: ['START=python main.py'],
      Scripts: { Install: [] },
      Meta: meta,
    },
  ];
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A string shaped like a bcrypt hash (cost 10); the simulator never needs to verify passwords. */
export function fakeBcrypt(rng: Rng): string {
  let s = '$2b$10$';
  for (let i = 0; i < 53; i++) s += BCRYPT_ALPHABET[Math.floor(rng.next() * BCRYPT_ALPHABET.length)];
  return s;
}

export function seedUsers(rng: Rng, count: number): SkyUser[] {
  const users: SkyUser[] = [];
  for (let i = 0; i < count; i++) {
    const username = i === 0 ? 'admin' : friendlyName(rng, i).replace(/-/g, '_');
    users.push({
      userId: rng.uuid(),
      username,
      email: `${username}@example.test`,
      password: fakeBcrypt(rng),
      accessTo: [],
      admin: i === 0,
      ...(i === 0 ? { verified: true } : {}),
    });
  }
  return users;
}

export function daemonInfo(rng: Rng, cores: number, memMb: number, containers: number): SkyNode['docker'] {
  return {
    status: 'running',
    systemInfo: {
      Containers: containers,
      ContainersRunning: containers,
      Images: 3,
      ServerVersion: '24.0.7',
      OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
      Architecture: 'x86_64',
      NCPU: cores,
      MemTotal: memMb * 1024 * 1024,
      KernelVersion: `6.1.0-${rng.int(10, 28)}-amd64`,
    },
  };
}

/**
 * Nodes: mostly configured (Online, some Offline); with four or more, the last one was added but its daemon
 * never registered (Unconfigured: no apiKey, a configureKey). Processor is a free-text field in the panel,
 * so some say "8" and some name the CPU.
 */
export function seedNodes(rng: Rng, count: number, panelUrl: string): SkyNode[] {
  const nodes: SkyNode[] = [];
  for (let i = 0; i < count; i++) {
    const cores = rng.pick([2, 4, 8, 16]);
    const ramMb = rng.pick([4096, 8192, 16384, 32768]);
    const unconfigured = count >= 4 && i === count - 1;
    const offline = !unconfigured && i % 4 === 2;
    const node: SkyNode = {
      id: rng.uuid(),
      name: `node-${friendlyName(rng, i + 1)}`,
      tags: rng.pick(['eu-west', 'us-east', 'ap-south', 'eu-central']),
      ram: String(ramMb),
      disk: String(rng.pick([102400, 256000, 512000])),
      processor: i % 2 === 0 ? String(cores) : `AMD EPYC 7543 (${cores} cores)`,
      address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      port: '3002',
      apiKey: unconfigured ? null : rng.hex(32),
      configureKey: unconfigured ? rng.uuid() : null,
      status: unconfigured ? 'Unconfigured' : offline ? 'Offline' : 'Online',
    };
    if (!unconfigured) {
      node.versionFamily = 1;
      node.versionRelease = 'skyportd 0.3.0';
      node.remote = panelUrl;
      node.docker = daemonInfo(rng, cores, ramMb, 0);
    }
    nodes.push(node);
  }
  return nodes;
}

export function portsFor(index: number): { ports: string; primary: string } {
  const host = 25565 + (index % 20000);
  return { ports: `25565:${host}`, primary: String(host) };
}

/** Env as the daemon returns it: the image's Env, the variables, PRIMARY_PORT — and, for some, an RCON password. */
export function instanceEnv(image: SkyImage, primary: string, rng: Rng, withRcon: boolean): string[] {
  const env = [...image.Env, `PRIMARY_PORT=${primary}`];
  if (withRcon) env.push(`RCON_PASSWORD=${rng.hex(16)}`);
  return env;
}

export function makeInstance(args: {
  id: string;
  name: string;
  node: SkyNode;
  user: string;
  image: SkyImage;
  memory: number;
  cpu: number;
  ports: string;
  primary: unknown;
  env: string[];
  state: SkyInstance['InternalState'];
  containerId?: string | null;
}): SkyInstance {
  const inst: SkyInstance = {
    Name: args.name,
    Id: args.id,
    VolumeId: args.id,
    Node: args.node,
    User: args.user,
    InternalState: args.state,
    Memory: args.memory,
    Cpu: args.cpu,
    Ports: args.ports,
    Primary: args.primary,
    Image: args.image.Image,
    AltImages: args.image.AltImages ?? [],
    StopCommand: args.image.StopCommand,
    imageData: args.image,
    Env: args.env,
  };
  if (args.containerId !== undefined) inst.ContainerId = args.containerId;
  return inst;
}
