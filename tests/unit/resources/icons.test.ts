import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { APP_ICON_SIZES, TRAY_SIZES, TRAY_STATES } from '../../../scripts/render-icons';

const RES = path.resolve(__dirname, '../../../resources');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('committed icons', () => {
  it('has the app icon at every size the installers use, and .icns/.ico', () => {
    for (const size of APP_ICON_SIZES) expect(pngSize(path.join(RES, 'icons', `${size}x${size}.png`))).toEqual([size, size]);
    expect(pngSize(path.join(RES, 'icon.png'))).toEqual([1024, 1024]);
    expect(fs.readFileSync(path.join(RES, 'icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns');
    const ico = fs.readFileSync(path.join(RES, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type 1 = icon
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5); // images inside (16…256)
  });

  it('has a tray icon per state at 16 and 32 px, each with its @2x', () => {
    for (const state of Object.keys(TRAY_STATES)) {
      for (const size of TRAY_SIZES) {
        expect(pngSize(path.join(RES, 'tray', `${state}-${size}.png`))).toEqual([size, size]);
        expect(pngSize(path.join(RES, 'tray', `${state}-${size}@2x.png`))).toEqual([size * 2, size * 2]);
      }
    }
  });

  it('matches what scripts/render-icons.ts renders from the source SVG (outputs are current)', () => {
    const svg = fs.readFileSync(path.join(RES, 'icon.svg'), 'utf8');
    const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: 64 }, font: { loadSystemFonts: false } }).render().asPng();
    expect(Buffer.compare(rendered, fs.readFileSync(path.join(RES, 'icons', '64x64.png')))).toBe(0);
  });
});
