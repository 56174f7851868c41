// Markdown tables generated from the code's own lists (variables, error codes) for the docs, so the
// documentation cannot drift from the schema: test/docs/generated-sections.test.ts compares them.
import type { Variables } from '../../agents/core/env.ts';
import { ERROR_CATALOGUE } from '../../agents/core/errors.ts';

export function variableTable(definitions: Variables): string {
  const rows = Object.entries(definitions).map(([name, { doc }]) => {
    const fallback = doc.required
      ? '**required**'
      : doc.defaultText === undefined
        ? '(unset)'
        : `\`${doc.defaultText}\``;
    return `| \`${name}\` | ${fallback} | ${escapeCell(doc.description)} | \`${doc.example}\` |`;
  });
  return ['| variable | default | meaning | example |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(
    ([code, meaning]) => `| \`${code}\` | ${escapeCell(meaning)} |`,
  );
  return ['| code | meaning |', '| --- | --- |', ...rows].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} section`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}

export function readSection(document: string, name: string): string | undefined {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(document);
  return match?.[1];
}
