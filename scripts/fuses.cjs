'use strict';
// The fuse settings Hangar ships with, shared by the afterPack hook (which flips them) and
// npm run package:check (which reads them back from the packed binary). Indexes are @electron/fuses'
// FuseV1Options.
const FUSES = {
  RunAsNode: { index: 0, enabled: false },
  EnableCookieEncryption: { index: 1, enabled: true },
  EnableNodeOptionsEnvironmentVariable: { index: 2, enabled: false },
  EnableNodeCliInspectArguments: { index: 3, enabled: false },
  EnableEmbeddedAsarIntegrityValidation: { index: 4, enabled: true },
  OnlyLoadAppFromAsar: { index: 5, enabled: true },
  GrantFileProtocolExtraPrivileges: { index: 7, enabled: false },
};

/** Path of the Electron executable electron-builder produced in `appOutDir` for a platform. */
function packedBinary(appOutDir, platform, productFilename, executableName) {
  if (platform === 'darwin' || platform === 'mas') return `${appOutDir}/${productFilename}.app/Contents/MacOS/${productFilename}`;
  if (platform === 'win32') return `${appOutDir}/${productFilename}.exe`;
  return `${appOutDir}/${executableName}`;
}

module.exports = { FUSES, packedBinary };
