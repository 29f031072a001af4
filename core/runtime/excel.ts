/**
 * exceljs is large (about 2.5 MB bundled). Requiring it on first use keeps its evaluation out of
 * every cold start of the functions that carry it (org, events) but seldom need it (import,
 * export). A plain require: esbuild bundles it lazily, and jest runs it without ESM support.
 */
export type Excel = typeof import('exceljs');

export async function loadExcel(): Promise<Excel> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('exceljs') as Excel;
}
