'use strict';
// Refuses a Node older than Hangar needs with one line instead of a stack trace further on.
// Plain ES5-era syntax on purpose: it must parse on any Node old enough to be refused.
var MIN = [22, 12, 0];

function tooOld(version) {
  var parts = String(version).replace(/^v/, '').split('.');
  for (var i = 0; i < MIN.length; i++) {
    var n = parseInt(parts[i] || '0', 10);
    if (n !== MIN[i]) return n < MIN[i];
  }
  return false;
}

function message(version, execPath) {
  return 'Hangar needs Node.js >= ' + MIN.join('.') + ' (this is ' + version + ' at ' + execPath + '): ' +
    'install Node 22 LTS (see .nvmrc, e.g. `nvm use`) and run the command again.';
}

/** Prints the line and exits 1 when the running Node is too old; otherwise does nothing. */
function checkNode() {
  if (tooOld(process.version)) {
    process.stderr.write(message(process.version, process.execPath) + '\n');
    process.exit(1);
  }
}

module.exports = { checkNode: checkNode, tooOld: tooOld, MIN: MIN };

if (require.main === module) checkNode();
