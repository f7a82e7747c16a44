// Regenerates the generated parts of README.md from the code: the command reference (oclif readme), the
// MCP tool table and the findings table (both from what the areas register: their queries, reasons and checks).
//   node dist/scripts/docs.js --write   rewrite README.md
//   node dist/scripts/docs.js --check   fail if README.md is stale (part of npm test)

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREAS, QUERIES } from '../src/areas/registry.js';
import { areaCommandFiles } from './commands.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = join(ROOT, 'README.md');

function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker} -->`;
  const stop = `<!-- ${marker}stop -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(stop);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${stop} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

function firstSentence(text: string): string {
  const match = /^(.*?[.!?])(\s|$)/.exec(text);
  return (match ? match[1]! : text).replace(/\|/g, '\\|');
}

function toolTable(): string {
  const rows = QUERIES.map((q) => {
    const shape = q.input as Record<string, { isOptional?: () => boolean }>;
    const args = Object.entries(shape)
      .map(([name, schema]) => (schema.isOptional?.() ? `${name}?` : name))
      .join(', ');
    return `| \`${q.name}\` | ${args || '—'} | ${firstSentence(q.description)} |`;
  });
  return ['| tool | arguments | what it answers |', '| --- | --- | --- |', ...rows].join('\n');
}

function findingsTable(): string {
  const sections = AREAS.flatMap(({ title, command, queries, reasons, checks }) => [
    ...(reasons
      ? [
          [
            `**${title}** (\`${command.line}\`)`,
            '',
            '| reason | meaning |',
            '| --- | --- |',
            ...Object.entries(reasons).map(([code, { title }]) => `| \`${code}\` | ${title} |`),
          ].join('\n'),
        ]
      : []),
    ...(checks
      ? [
          [
            `**${title}** (\`${command.line}\`, ${queries.map((q) => `\`${q.name}\``).join(', ')})`,
            '',
            '| check | verifies |',
            '| --- | --- |',
            ...Object.entries(checks).map(([name, what]) => `| ${name} | ${what} |`),
          ].join('\n'),
        ]
      : []),
  ]);
  return sections.join('\n\n');
}

/**
 * oclif links each command to src/commands/<id>.ts; an area's command file there is generated from
 * src/areas/<area>/command.ts (scripts/commands.ts), so its link points at that source instead.
 */
async function linkAreaCommands(text: string): Promise<string> {
  for (const { id, folder } of await areaCommandFiles())
    text = text.replaceAll(`src/commands/${id}.ts`, `src/areas/${folder}/command.ts`);
  return text;
}

async function generate(): Promise<string> {
  const scratch = join(mkdtempSync(join(tmpdir(), 'kubectl-diag-docs-')), 'README.md');
  copyFileSync(README, scratch);
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'oclif'),
    ['readme', '--readme-path', scratch, '--no-aliases'],
    {
      cwd: ROOT,
      env: { ...process.env, COLUMNS: '120' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  let text = await linkAreaCommands(readFileSync(scratch, 'utf8'));
  text = replaceBetween(text, 'tools', toolTable());
  text = replaceBetween(text, 'findings', findingsTable());
  return text;
}

const mode = process.argv[2];
const fresh = await generate();
if (mode === '--write') {
  writeFileSync(README, fresh);
  console.log('README.md regenerated.');
} else if (mode === '--check') {
  if (fresh !== readFileSync(README, 'utf8')) {
    console.error(
      'README.md is stale: its command reference, tool table or findings table no longer match the code. Run `npm run docs`.',
    );
    process.exit(1);
  }
} else {
  console.error('usage: docs.js --write | --check');
  process.exit(2);
}
