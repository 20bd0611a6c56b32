// The project's package.json as a file to edit: `endo scripts auto` writes
// its allow-list back without disturbing how the file is laid out (its
// indentation, line endings, final newline, byte-order mark), so the change
// a reviewer sees in a diff is the allow-list and nothing else.
import fs from 'node:fs';
import path from 'node:path';

export interface PackageJsonFile {
  readonly path: string;
  /** The parsed object; edit it, then write it with writePackageJsonFile. */
  readonly fields: Record<string, unknown>;
  readonly layout: JsonLayout;
}

export interface JsonLayout {
  readonly indent: string;
  readonly newline: '\n' | '\r\n';
  readonly finalNewline: boolean;
  readonly byteOrderMark: boolean;
}

/** How `text` is laid out: the first indented line gives the indentation (two spaces when none is). */
export const detectLayout = (text: string): JsonLayout => {
  const indented = /\n([ \t]+)\S/.exec(text);
  return {
    indent: indented ? indented[1]! : '  ',
    newline: text.includes('\r\n') ? '\r\n' : '\n',
    finalNewline: /\n$/.test(text),
    byteOrderMark: text.charCodeAt(0) === 0xfeff,
  };
};

/** `value` as JSON text laid out as `layout` says. */
export const formatJson = (value: unknown, layout: JsonLayout): string => {
  const body = JSON.stringify(value, null, layout.indent).replace(/\n/g, layout.newline);
  return `${layout.byteOrderMark ? '\ufeff' : ''}${body}${layout.finalNewline ? layout.newline : ''}`;
};

export const readPackageJsonFile = (projectRoot: string): PackageJsonFile => {
  const file = path.join(projectRoot, 'package.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw Error(`Cannot read ${file}: ${(error as Error).message}. Run endo scripts in the project's folder, or give --project-root.`);
  }
  const layout = detectLayout(text);
  let fields: unknown;
  try {
    fields = JSON.parse(layout.byteOrderMark ? text.slice(1) : text);
  } catch (error) {
    throw Error(`Cannot parse ${file}: ${(error as Error).message}`);
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw Error(`${file} must hold a JSON object`);
  }
  return { path: file, fields: fields as Record<string, unknown>, layout };
};

export const writePackageJsonFile = (file: PackageJsonFile): void => {
  fs.writeFileSync(file.path, formatJson(file.fields, file.layout));
};
