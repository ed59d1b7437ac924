/*
 * Type-checks source texts that exist only in memory (examples from the docs, generated code) as if
 * they were files, with the project's own node_modules; returns the diagnostics of those files.
 */
import * as path from 'path';
import * as ts from 'typescript';

/** Diagnostics of the in-memory `files` (path → source), as `FILE: message`. */
export function typeCheck(files: Map<string, string>, extraOptions: ts.CompilerOptions = {}): string[] {
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [], ...extraOptions,
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = f => files.get(f) ?? read(f);
  host.fileExists = f => files.has(f) || ts.sys.fileExists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSource(f, lang, ...rest);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).filter(d => d.file && files.has(d.file.fileName))
    .map(d => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
