'use strict';
// electron-builder afterPack hook: flips Hangar's fuses (scripts/fuses.cjs) in the packed Electron binary,
// before electron-builder signs it.
const { FUSES, packedBinary } = require('./fuses.cjs');

exports.default = async function afterPack(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const platform = context.electronPlatformName;
  const binary = packedBinary(
    context.appOutDir,
    platform,
    context.packager.appInfo.productFilename,
    context.packager.executableName,
  );
  const config = { version: FuseVersion.V1 };
  for (const [name, fuse] of Object.entries(FUSES)) {
    if (FuseV1Options[name] !== fuse.index) throw new Error(`fuse ${name} is not at index ${fuse.index} in @electron/fuses`);
    config[fuse.index] = fuse.enabled;
  }
  // Flipping fuses breaks an arm64 macOS ad-hoc signature; electron-builder signs properly afterwards.
  config.resetAdHocDarwinSignature = platform === 'darwin' && context.arch === 3; // Arch.arm64
  await flipFuses(binary, config);
  console.log(`  • fuses flipped in ${binary}: ${Object.entries(FUSES).map(([n, f]) => `${n}=${f.enabled ? 'on' : 'off'}`).join(', ')}`);
};
