// Writes the JSON Schema of the -o json|yaml envelope to schemas/ (npm run schemas).
// An apiVersion names exactly one shape: when the shape of an existing version changed, this refuses
// and asks for a new apiVersion in src/cli/api-version.ts, so scripts built on a version never break.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_VERSION } from '../src/cli/envelope.js';
import { fingerprint, LEDGER_FILE, schemaFileName, schemaText } from '../src/cli/schema.js';

const DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const ledgerPath = join(DIR, LEDGER_FILE);
const ledger: Record<string, string> = existsSync(ledgerPath)
  ? (JSON.parse(readFileSync(ledgerPath, 'utf8')) as Record<string, string>)
  : {};
const text = schemaText();
const print = fingerprint(text);
const known = ledger[API_VERSION];
if (known !== undefined && known !== print) {
  console.error(
    `the -o json shape of ${API_VERSION} changed (${known} → ${print}); ` +
      'give it a new apiVersion in src/cli/api-version.ts and run npm run schemas again.',
  );
  process.exit(1);
}
mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, schemaFileName()), text);
writeFileSync(ledgerPath, `${JSON.stringify({ ...ledger, [API_VERSION]: print }, null, 2)}\n`);
console.log(`schemas/${schemaFileName()} written (${print}).`);
