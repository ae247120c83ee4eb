/**
 * Limits that keep src/ readable (the architecture issue): no file over 300 lines, no function
 * over 60, no import cycle (type-only imports count), no mutable state at module level outside
 * src/registry.ts. Shown failing on an added cycle, a 61-line function and a module-level `let`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const parsed = sources(SRC).map((file) => {
  const text = readFileSync(file, 'utf8');
  return { file, name: relative(SRC, file), text, sf: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) };
});

test(`no file in src/ is over ${MAX_FILE_LINES} lines`, () => {
  const long = parsed.filter((p) => p.text.split('\n').length > MAX_FILE_LINES).map((p) => `${p.name}: ${p.text.split('\n').length}`);
  expect(long).toEqual([]);
});

test(`no function in src/ is over ${MAX_FUNCTION_LINES} lines`, () => {
  const long: Record<string, number> = {};
  for (const { sf, name } of parsed) {
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n) && 'body' in n && n.body) {
        const lines = sf.getLineAndCharacterOfPosition(n.getEnd()).line - sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
        const fn = n.name ? n.name.getText(sf) : '(anonymous)';
        if (lines > MAX_FUNCTION_LINES) long[`${name} ${fn}`] = lines;
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  expect(long).toEqual({});
});

test('no import cycles in src/, type-only imports included', () => {
  const graph = new Map<string, string[]>();
  for (const { file, sf } of parsed) {
    const deps: string[] = [];
    sf.forEachChild((n) => {
      const spec = (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) ? n.moduleSpecifier : undefined;
      if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) deps.push(resolve(dirname(file), spec.text.replace(/\.js$/, '.ts')));
    });
    graph.set(file, deps);
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (v: string): void => {
    state.set(v, 'open');
    path.push(v);
    for (const w of graph.get(v) ?? []) {
      if (state.get(w) === 'open') cycles.push([...path.slice(path.indexOf(w)), w].map((f) => relative(SRC, f)).join(' -> '));
      else if (!state.has(w)) visit(w);
    }
    path.pop();
    state.set(v, 'done');
  };
  for (const v of graph.keys()) if (!state.has(v)) visit(v);
  expect(cycles).toEqual([]);
});

/** The one file allowed to hold state shared at module level (see its comment). */
const REGISTRY = 'registry.ts';

test('no mutable state at module level in src/ outside the registry', () => {
  const found: string[] = [];
  for (const { sf, name } of parsed) {
    if (name === REGISTRY) continue;
    for (const statement of sf.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const list = statement.declarationList;
      const text = (d: ts.VariableDeclaration): string => `${name}: ${d.name.getText(sf)}`;
      if (!(list.flags & ts.NodeFlags.Const)) {
        found.push(...list.declarations.map((d) => `${text(d)} (let/var)`));
        continue;
      }
      for (const d of list.declarations) {
        const init = d.initializer;
        if (!init || !ts.isNewExpression(init)) continue;
        // A lookup table is fine when its type says nobody changes it.
        const readonlyTable = d.type !== undefined && /^Readonly(Map|Set)</.test(d.type.getText(sf));
        if (!readonlyTable) found.push(`${text(d)} (new ${init.expression.getText(sf)})`);
      }
    }
  }
  expect(found).toEqual([]);
});
