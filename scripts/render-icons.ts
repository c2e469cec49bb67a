/**
 * Renders every icon the installers and the tray need from the two source images in resources/:
 *   resources/icon.svg  → resources/icons/<n>x<n>.png (Linux, 16…1024), resources/icon.png (1024),
 *                         resources/icon.icns (macOS), resources/icon.ico (Windows, 16…256)
 *   resources/tray.svg  → resources/tray/<state>-<16|32>.png and <state>-<16|32>@2x.png for the states
 *                         ok, warning, error, offline (Electron picks the @2x file on high-DPI screens)
 * The outputs are committed; run again after changing a source: `npx tsx scripts/render-icons.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as png2icons from 'png2icons';

const RESOURCES = path.resolve(__dirname, '../resources');
export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const TRAY_STATES = { ok: '#18a058', warning: '#f0a020', error: '#d03050', offline: '#8a8f98' } as const;
export const TRAY_SIZES = [16, 32] as const;
/** A mid grey reads on light and dark panels alike (macOS template images are a later refinement). */
const TRAY_GLYPH = '#5f6670';

function render(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

function write(file: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  console.log(`${path.relative(process.cwd(), file)} (${data.length} bytes)`);
}

export function renderAll(): void {
  const icon = fs.readFileSync(path.join(RESOURCES, 'icon.svg'), 'utf8');
  for (const size of APP_ICON_SIZES) write(path.join(RESOURCES, 'icons', `${size}x${size}.png`), render(icon, size));
  const big = render(icon, 1024);
  write(path.join(RESOURCES, 'icon.png'), big);
  const icns = png2icons.createICNS(big, png2icons.BICUBIC, 0);
  const ico = png2icons.createICO(big, png2icons.BICUBIC, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not convert resources/icon.png');
  write(path.join(RESOURCES, 'icon.icns'), icns);
  write(path.join(RESOURCES, 'icon.ico'), ico);

  const tray = fs.readFileSync(path.join(RESOURCES, 'tray.svg'), 'utf8');
  for (const [state, colour] of Object.entries(TRAY_STATES)) {
    // Offline is a ring, not a dot: told apart from the others without relying on colour.
    const dot = state === 'offline' ? `none" stroke="${colour}" stroke-width="3` : colour;
    const svg = tray.replaceAll('GLYPH', TRAY_GLYPH).replaceAll('STATUS', dot);
    for (const size of TRAY_SIZES) {
      write(path.join(RESOURCES, 'tray', `${state}-${size}.png`), render(svg, size));
      write(path.join(RESOURCES, 'tray', `${state}-${size}@2x.png`), render(svg, size * 2));
    }
  }
}

if (require.main === module) renderAll();
