// Java .properties rendering (zoo.cfg, server.properties). Both servers read these with
// java.util.Properties.load, where `\` escapes and a trailing `\` joins the next line, so values are
// escaped here; line breaks are rejected earlier by the env schema and asserted again here, because a
// value must never become a key the operator did not write.

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type PropertyEntry = readonly [key: string, value: string];

export function renderProperties(entries: readonly PropertyEntry[], header: readonly string[] = []): string {
  const lines = header.map((line) => {
    // A comment is a line too: a break in it would start a key the operator did not write.
    if (/[\r\n]/.test(line)) throw new Error(`property comment with a line break: ${JSON.stringify(line)}`);
    return `# ${line}`;
  });
  for (const [key, value] of entries) {
    if (!KEY_PATTERN.test(key)) throw new Error(`unsafe property key ${JSON.stringify(key)}`);
    lines.push(`${key}=${escapePropertyValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function escapePropertyValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`property value with a line break: ${JSON.stringify(value)}`);
  let out = '';
  for (const [index, char] of [...value].entries()) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (index === 0 && (char === ' ' || char === '\t' || char === '\f')) out += `\\${char}`;
    // Properties.load reads ISO-8859-1: anything else must be a \uXXXX escape to survive.
    else if (code < 0x20 || code > 0x7e) out += toUnicodeEscapes(char);
    else out += char;
  }
  return out;
}

function toUnicodeEscapes(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
