/**
 * exceljs is large (about 2.5 MB bundled). Loading it on first use keeps it out of every cold
 * start of the functions that carry it (org, events) but seldom need it (import, export).
 */
export type Excel = typeof import('exceljs');

export async function loadExcel(): Promise<Excel> {
  const m = (await import('exceljs')) as Excel & { default?: Excel };
  return m.default ?? m;
}
