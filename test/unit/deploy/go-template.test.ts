/**
 * The tests' Go-template renderer (test/support/go-template.ts) against what Go's text/template
 * does with the same input (the expected outputs are Go's, per its documented semantics), and
 * its refusals: a construct it does not know must fail, never render wrongly.
 */
import { describe, expect, it } from 'vitest';
import { GoTemplates, truthy } from '../../support/go-template.js';

function render(
  text: string,
  data: unknown,
  extra: Record<string, (...a: unknown[]) => unknown> = {},
): string {
  const t = new GoTemplates({
    upper: (s) => String(s).toUpperCase(),
    join: (sep, xs) => (xs as unknown[]).join(String(sep)),
    eq: (a, b) => a === b,
    not: (x) => !truthy(x),
    ...extra,
  });
  t.add('t', text);
  return t.render('t', data);
}

describe('the Go-template renderer', () => {
  it('trims whitespace at {{- and -}}, and drops comments', () => {
    expect(render('a  \n  {{- .x -}}  \n b{{/* gone */}}', { x: 1 })).toBe('a1b');
    expect(render('a {{ .x }} b', { x: 'y' })).toBe('a y b');
    expect(render('{{- /* a comment */ -}}\nx', {})).toBe('x');
  });

  it('runs if / else if / else, with and range (with variables and $)', () => {
    const t = '{{ if eq .k "a" }}A{{ else if eq .k "b" }}B{{ else }}C{{ end }}';
    expect(['a', 'b', 'z'].map((k) => render(t, { k }))).toEqual(['A', 'B', 'C']);
    expect(render('{{ with .m }}{{ .n }}{{ else }}none{{ end }}', { m: { n: 5 } })).toBe('5');
    expect(render('{{ with .m }}{{ .n }}{{ else }}none{{ end }}', { m: {} })).toBe('none');
    expect(
      render('{{ range $i, $v := .xs }}{{ $i }}={{ $v }}{{ $.sep }}{{ end }}', { xs: ['a', 'b'], sep: ';' }),
    ).toBe('0=a;1=b;');
    expect(render('{{ range .m }}{{ . }}{{ end }}', { m: { b: 2, a: 1 } })).toBe('12');
    expect(render('{{ range .xs }}x{{ else }}empty{{ end }}', { xs: [] })).toBe('empty');
  });

  it('pipes the value in as the last argument, evaluates parentheses, assigns variables', () => {
    expect(render('{{ .s | upper }}', { s: 'ab' })).toBe('AB');
    expect(render('{{ join "," (.xs) | upper }}', { xs: ['a', 'b'] })).toBe('A,B');
    expect(render('{{ $v := "a" }}{{ if true }}{{ $v = "b" }}{{ end }}{{ $v }}', {})).toBe('b');
    expect(render('{{ if not .missing }}no{{ end }}', {})).toBe('no');
  });

  it('renders defined templates with include, its dot the argument', () => {
    const t = new GoTemplates({});
    t.add('_h.tpl', '{{- define "x" -}}[{{ .n }}]{{- end -}}');
    t.add('t', '{{ include "x" .inner }}');
    expect(t.render('t', { inner: { n: 7 } })).toBe('[7]');
  });

  it('refuses what it does not know, naming the template and line', () => {
    expect(() => render('a\n{{ lookup "v1" "Secret" "ns" "n" }}', {})).toThrow(
      't:2: function "lookup" not defined',
    );
    expect(() => render('{{ block "b" . }}{{ end }}', {})).toThrow('{{block}} is not supported');
    expect(() => render('{{ .a.b }}', {})).toThrow('nil pointer evaluating field b');
    expect(() => render('{{ .m }}', { m: { a: 1 } })).toThrow('printing a map or list');
    expect(() => render('{{ if .x }}open', {})).toThrow('missing {{end}}');
  });
});
