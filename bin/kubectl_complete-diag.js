#!/usr/bin/env node
// kubectl_complete-diag: kubectl (1.26+) runs it for `kubectl diag …<TAB>` with the words after `diag`
// and the one being completed, and reads the candidates it prints. It is `kubectl-diag __complete …`;
// nothing may reach stderr (kubectl passes it straight to the shell), so this file prints nothing itself.
process.argv.splice(2, 0, '__complete');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) process.stderr.write = () => true;
await import('./run.js');
