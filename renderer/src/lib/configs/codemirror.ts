/**
 * The CodeMirror 6 setup of the config editor and the diff views: NGINX highlighting (legacy mode), lint
 * diagnostics placed from the core's line/column problems, hover docs from the directive reference, and a
 * light and a dark theme that follow the app. Only the Configs view imports this (it is its own chunk).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { nginx } from '@codemirror/legacy-modes/mode/nginx';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState, type Extension, type Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { DirectiveDoc, LintProblem } from '../../../../shared/contract';

export const nginxLanguage = StreamLanguage.define(nginx);

const lightHighlight = HighlightStyle.define([
  { tag: t.keyword, color: '#1f4fb5', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: '#2a7a2a' },
  { tag: t.comment, color: '#7a7a7a', fontStyle: 'italic' },
  { tag: [t.number, t.atom], color: '#a35a00' },
  { tag: [t.variableName, t.variableName], color: '#8a2f8a' },
  { tag: t.bracket, color: '#555' },
]);

const darkHighlight = HighlightStyle.define([
  { tag: t.keyword, color: '#7fb0ff', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: '#9fd48a' },
  { tag: t.comment, color: '#8c8c8c', fontStyle: 'italic' },
  { tag: [t.number, t.atom], color: '#f0b870' },
  { tag: t.variableName, color: '#e0a0f0' },
  { tag: t.bracket, color: '#bbb' },
]);

function baseTheme(dark: boolean): Extension {
  return EditorView.theme(
    {
      '&': { height: '100%', fontSize: '13px', backgroundColor: dark ? '#1b1b1f' : '#ffffff', color: dark ? '#e3e3e3' : '#1f1f1f' },
      '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace", lineHeight: '1.5' },
      '.cm-gutters': { backgroundColor: dark ? '#222227' : '#f6f7f9', color: dark ? '#8a8a8a' : '#8a8a8a', borderRight: `1px solid ${dark ? '#333' : '#e4e4e7'}` },
      '.cm-activeLine': { backgroundColor: dark ? '#ffffff0a' : '#3a6fd80a' },
      '.cm-activeLineGutter': { backgroundColor: dark ? '#ffffff10' : '#3a6fd814' },
      '&.cm-focused': { outline: 'none' },
      '.cm-cursor': { borderLeftColor: dark ? '#e3e3e3' : '#1f1f1f' },
      '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: dark ? '#3a6fd866' : '#3a6fd833' },
      '.cm-tooltip': { backgroundColor: dark ? '#2a2a30' : '#ffffff', color: dark ? '#e3e3e3' : '#1f1f1f', border: `1px solid ${dark ? '#444' : '#ddd'}` },
      '.cm-directive-doc': { maxWidth: '460px', padding: '8px 10px', fontSize: '12px', lineHeight: '1.5' },
      '.cm-directive-doc h4': { margin: '0 0 4px', fontSize: '13px' },
      '.cm-directive-doc code': { fontFamily: 'inherit', opacity: '0.9' },
      '.cm-directive-doc .cm-doc-meta': { opacity: '0.7', margin: '2px 0 6px' },
      '.cm-directive-doc p': { margin: '4px 0' },
      // The diff views
      '.cm-changedLine': { backgroundColor: dark ? '#2f5d2f55' : '#e6f4e6' },
      '.cm-deletedChunk': { backgroundColor: dark ? '#6b2a2a55' : '#fbe9e9' },
      '.cm-changedText': { background: dark ? '#3e8a3e88' : '#b8e2b8' },
      // The merge view marks collapsed runs with "⦚", which the usual UI fonts lack.
      '.cm-collapsedLines:before, .cm-collapsedLines:after': { content: '"···"' },
    },
    { dark },
  );
}

export function themeExtensions(dark: boolean): Extension {
  return [baseTheme(dark), syntaxHighlighting(dark ? darkHighlight : lightHighlight)];
}

/** The read-only look shared by the diff panes. */
export function readOnlyExtensions(dark: boolean): Extension {
  return [lineNumbers(), nginxLanguage, themeExtensions(dark), EditorView.lineWrapping, EditorState.readOnly.of(true), EditorView.editable.of(false)];
}

/** Markdown of the reference, shown as text: `code` and *emphasis* marks dropped, links reduced to their text. */
export function plainDoc(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function docTooltipDom(docs: DirectiveDoc[]): HTMLElement {
  const el = document.createElement('div');
  el.className = 'cm-directive-doc';
  el.setAttribute('data-testid', 'directive-doc');
  const d = docs[0];
  const h = document.createElement('h4');
  h.textContent = d.name;
  el.appendChild(h);
  const meta = document.createElement('div');
  meta.className = 'cm-doc-meta';
  meta.textContent = `${docs.map((x) => x.module).join(', ')} · context: ${[...new Set(docs.flatMap((x) => x.contexts))].join(', ') || 'any'}`;
  el.appendChild(meta);
  for (const s of d.syntax.slice(0, 3)) {
    const code = document.createElement('code');
    code.textContent = `${d.name} ${plainDoc(s)};`;
    el.appendChild(code);
    el.appendChild(document.createElement('br'));
  }
  for (const para of plainDoc(d.description).split('\n\n').slice(0, 2)) {
    const p = document.createElement('p');
    p.textContent = para.replace(/\n/g, ' ');
    el.appendChild(p);
  }
  return el;
}

/** Hover docs: the word under the pointer, looked up in the reference docs the view fetched. */
export function directiveHover(lookup: (name: string) => DirectiveDoc[] | undefined): Extension {
  return hoverTooltip((view, pos) => {
    const line = view.state.doc.lineAt(pos);
    const text = line.text;
    let from = pos - line.from;
    let to = from;
    while (from > 0 && /[\w]/.test(text[from - 1])) from--;
    while (to < text.length && /[\w]/.test(text[to])) to++;
    if (from === to) return null;
    const word = text.slice(from, to);
    // Only the first word of a statement is a directive.
    const before = text.slice(0, from);
    if (!/(^|[;{}])\s*$/.test(before)) return null;
    const docs = lookup(word);
    if (!docs?.length) return null;
    return { pos: line.from + from, end: line.from + to, above: true, create: () => ({ dom: docTooltipDom(docs) }) };
  });
}

export interface EditorCallbacks {
  onChange(text: string): void;
  lookupDoc(name: string): DirectiveDoc[] | undefined;
}

export function editorExtensions(dark: boolean, cb: EditorCallbacks): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    nginxLanguage,
    lintGutter(),
    directiveHover(cb.lookupDoc),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
    themeExtensions(dark),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) cb.onChange(u.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ 'aria-label': 'Config file editor' }),
  ];
}

/** Places the core's problems for one file as CodeMirror diagnostics (line/column → document positions). */
export function toDiagnostics(doc: Text, problems: LintProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(1, p.line), doc.lines));
    const from = Math.min(line.from + Math.max(0, p.column - 1), line.to);
    const end = p.endColumn ? Math.min(line.from + p.endColumn - 1, line.to) : line.to;
    return {
      from,
      to: Math.max(from, end),
      severity: p.severity,
      message: p.message,
      source: p.rule,
    };
  });
}

export function showProblems(view: EditorView, problems: LintProblem[]): void {
  view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, problems)));
}
