/**
 * exceljs is large (about 1 MB minified, with jszip, unzipper and their helpers), so only the
 * `files` function bundles it (core/functions/files.ts). Requiring it on first use keeps its
 * evaluation out of that function's cold start for the calls that do not need it
 * (`roster.upload`). A plain require: esbuild bundles it lazily, and jest runs it without ESM support.
 */
export type Excel = typeof import('exceljs');

export async function loadExcel(): Promise<Excel> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('exceljs') as Excel;
}
